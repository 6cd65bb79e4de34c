from django_tasks import task

from fangfan.regions.models import Region

from . import scan as scanning


@task()
def scan_alerts(region_code: str = "") -> dict:
    """The early-warning scan as a task (run daily by the scheduler, or from the alert page)."""
    region = Region.objects.filter(code=region_code).first() if region_code else None
    return scanning.scan(region).as_json()
