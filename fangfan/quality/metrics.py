from fangfan.core.figures import figure

from .models import Finding, FindingStatus


@figure("quality.open_findings", "待核实的核查发现", unit="条")
def open_findings(region, first, last):
    """本区域内各类核查（优亲厚友、轮流坐庄、一人多岗、一户多岗、吃空饷、拖欠补贴、向未聘人员发放等）
    在统计期间内发现、最近一次核查仍然存在、且尚未给出核实结论（待核实）的问题，每个问题一条。"""
    return (
        Finding.objects.in_region(region)
        .current()
        .filter(
            status=FindingStatus.OPEN, first_detected_at__date__lte=last, last_detected_at__date__gte=first
        )
    )
