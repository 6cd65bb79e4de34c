from django.utils import timezone

from fangfan.core.figures import figure
from fangfan.registry.models import Person

from .models import PostAppointment, PublicPost


@figure("posts.poverty_holders", "乡村公益性岗位安置脱贫人口数")
def poverty_holders(region, first, last):
    """位于本区域的乡村公益性岗位上，在统计期间内至少有一天在岗（上岗日期不晚于期末、未在期初前退岗）
    的脱贫人口（含防止返贫监测对象），按人计：同一人先后或同时在两个岗位只计1人。按岗位所在地统计。"""
    held = PostAppointment.objects.filter(post__in=PublicPost.objects.in_region(region)).active_between(
        first, last
    )
    return Person.objects.filter(pk__in=held.values("person"))


@figure("posts.posts", "乡村公益性岗位个数", unit="个")
def posts(region, first, last):
    """位于本区域、设岗日期不晚于统计期末、且未在统计期初前撤销的乡村公益性岗位，每个岗位计1个。"""
    return PublicPost.objects.in_region(region).existing_between(first, last)


@figure("posts.vacant", "空岗数", unit="个")
def vacant(region, first, last):
    """上一指标的岗位中，截至统计期末（不晚于今日）无人在岗的岗位。"""
    as_of = min(last, timezone.localdate())
    held = PostAppointment.objects.active_between(as_of, as_of).values("post")
    return posts(region, first, last).exclude(pk__in=held)
