import string

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError


class LengthValidator(MinimumLengthValidator):
    """Django's length rule, in Chinese: Django 5.2's message id no longer matches its zh_Hans
    catalogue, so the stock validator answers in English."""

    def get_error_message(self) -> str:
        return f"密码长度太短，至少须有{self.min_length}个字符。"

    def get_help_text(self) -> str:
        return f"密码至少须有{self.min_length}个字符。"


class CharacterClassValidator:
    """At least ``min_classes`` of: upper-case, lower-case, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum(
            [
                any(c.isupper() for c in password),
                any(c.islower() for c in password),
                any(c.isdigit() for c in password),
                any(c in string.punctuation or not c.isalnum() for c in password),
            ]
        )

    def validate(self, password: str, user: object = None) -> None:
        if self.classes(password) < self.min_classes:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、符号中的至少%(n)d类。",
                code="password_too_simple",
                params={"n": self.min_classes},
            )

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。"
