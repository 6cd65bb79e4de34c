"""Code lists of the ledger, as in the national 防止返贫监测信息系统."""

from django.db import models


class HouseholdType(models.TextChoices):
    EXITED = "exited", "脱贫户"
    MONITORED = "monitored", "监测户"


class MonitoringCategory(models.TextChoices):
    UNSTABLE = "unstable", "脱贫不稳定户"
    MARGINAL = "marginal", "边缘易致贫户"
    SUDDEN_HARDSHIP = "sudden_hardship", "突发严重困难户"


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Relation(models.TextChoices):
    HEAD = "head", "户主"
    SPOUSE = "spouse", "配偶"
    SON = "son", "之子"
    DAUGHTER = "daughter", "之女"
    DAUGHTER_IN_LAW = "daughter_in_law", "之儿媳"
    SON_IN_LAW = "son_in_law", "之女婿"
    GRANDSON = "grandson", "之孙子"
    GRANDDAUGHTER = "granddaughter", "之孙女"
    FATHER = "father", "之父"
    MOTHER = "mother", "之母"
    GRANDPARENT = "grandparent", "之祖父母"
    SIBLING = "sibling", "之兄弟姐妹"
    OTHER = "other", "其他"


class Education(models.TextChoices):
    PRESCHOOL = "preschool", "学龄前儿童"
    ILLITERATE = "illiterate", "文盲或半文盲"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"
    VOCATIONAL = "vocational", "中职（中专、技校）"
    COLLEGE = "college", "高职（大专）"
    BACHELOR = "bachelor", "本科及以上"


class Health(models.TextChoices):
    HEALTHY = "healthy", "健康"
    CHRONIC = "chronic", "长期慢性病"
    SERIOUS = "serious", "患有大病"
    DISABLED = "disabled", "残疾"


class DisabilityCategory(models.TextChoices):
    VISUAL = "1", "视力残疾"
    HEARING = "2", "听力残疾"
    SPEECH = "3", "言语残疾"
    PHYSICAL = "4", "肢体残疾"
    INTELLECTUAL = "5", "智力残疾"
    MENTAL = "6", "精神残疾"
    MULTIPLE = "7", "多重残疾"


class DisabilityGrade(models.TextChoices):
    FIRST = "1", "一级"
    SECOND = "2", "二级"
    THIRD = "3", "三级"
    FOURTH = "4", "四级"


class LabourCapacity(models.TextChoices):
    SKILLED = "skilled", "技能劳动力"
    ORDINARY = "ordinary", "普通劳动力"
    WEAK = "weak", "弱劳动力或半劳动力"
    LOST = "lost", "丧失劳动力"
    NONE = "none", "无劳动力"


LABOUR_CAPACITIES = (LabourCapacity.SKILLED, LabourCapacity.ORDINARY, LabourCapacity.WEAK)


class LeaveReason(models.TextChoices):
    DECEASED = "deceased", "死亡"
    MOVED = "moved", "迁出"
    OTHER = "other", "其他"
