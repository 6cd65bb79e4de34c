from django.contrib.auth import get_user_model
from django_tasks import task

from . import services
from .models import ImportBatch


@task()
def validate_batch(batch_id: int) -> None:
    services.validate(ImportBatch.objects.get(pk=batch_id))


@task()
def commit_batch(batch_id: int, actor_id: int) -> None:
    actor = get_user_model().objects.get(pk=actor_id)
    services.commit(ImportBatch.objects.get(pk=batch_id), actor)
