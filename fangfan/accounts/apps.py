from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fangfan.accounts"
    verbose_name = "账户与权限"
