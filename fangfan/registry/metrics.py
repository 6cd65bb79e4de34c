from django.db.models import Q

from fangfan.core.figures import figure

from .models import Person


@figure("registry.labourers", "脱贫劳动力")
def labourers(region, first, last):
    """在本区域登记、劳动技能为技能劳动力、普通劳动力或弱劳动力（半劳动力），
    且统计期末仍在册（未死亡、未迁出）的脱贫人口和防止返贫监测对象。"""
    return Person.objects.in_region(region).labourers().filter(Q(left_on__isnull=True) | Q(left_on__gt=last))
