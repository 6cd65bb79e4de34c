"""seed_instruments: every instrument written, deterministic, idempotent, eligible local labour only,
and nothing the apps' own checks or services would find different."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import partial
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from conftest import SHANTING, region
from fangfan.audit.models import AuditEvent
from fangfan.cooperation import services as cooperation_services
from fangfan.cooperation.models import (
    BatchMember,
    BrandWorker,
    LabourBrand,
    LabourBroker,
    LabourCooperative,
    OutboundBatch,
)
from fangfan.core import figures
from fangfan.demo import instruments
from fangfan.employment import checks, ledger
from fangfan.employment.models import Employment, MonthlyRecord, Source
from fangfan.posts import integrity
from fangfan.posts import services as post_services
from fangfan.posts.models import PostAppointment, PostPayment, PostRule, PublicPost, VillageCadre
from fangfan.posts.rules import longest_contract_end, subsidy_check
from fangfan.registry.models import Household, Person
from fangfan.relief import rules as relief_rules
from fangfan.relief import services as relief_services
from fangfan.relief.models import ReliefHire, ReliefRule, WagePayment, WorkReliefProject
from fangfan.relocation import services as relocation_services
from fangfan.relocation.models import FairAttendee, FairHire, JobFair, RelocationSite, SiteResident
from fangfan.training import services as training_services
from fangfan.training.models import Training, TrainingEnrolment
from fangfan.workshops import services as workshop_services
from fangfan.workshops.models import Workshop, WorkshopWage, WorkshopWorker

pytestmark = pytest.mark.django_db

COUNTY = SHANTING[:6]


@pytest.fixture
def county():
    """A county of 枣庄 with about 600 people and their employment histories."""
    call_command(
        "seed_demo", "--city", COUNTY, "--persons", "600", "--seed", "7", "--no-users", stdout=StringIO()
    )
    call_command("seed_employment", "--region", COUNTY, "--seed", "7", stdout=StringIO())
    return region(COUNTY)


def digest() -> str:
    """The generated rows by their natural keys (never primary keys, which differ between databases)."""
    parts = [
        Workshop.objects.order_by("village_id", "name").values_list(
            "name", "kind", "village_id", "certified_on", "exited_on"
        ),
        WorkshopWorker.objects.order_by("workshop__name", "person__id_number").values_list(
            "workshop__name", "person__id_number", "start", "end", "monthly_wage", "spell__monthly_income"
        ),
        WorkshopWage.objects.order_by("worker__person__id_number", "month").values_list(
            "worker__person__id_number", "month", "amount", "paid_on"
        ),
        ReliefHire.objects.order_by("project__number", "worker__id_number").values_list(
            "project__number", "worker__id_number", "worker__name", "start", "end", "daily_wage"
        ),
        WagePayment.objects.order_by(
            "sheet__project__number", "sheet__month", "hire__worker__id_number"
        ).values_list("sheet__month", "hire__worker__id_number", "days", "due", "paid", "paid_on"),
        PostAppointment.objects.order_by("post__village_id", "post__name", "start").values_list(
            "post__name", "post__subsidy", "person__id_number", "start", "contract_end", "exited_on"
        ),
        PostPayment.objects.order_by("id_number", "month").values_list(
            "id_number", "month", "amount", "paid_on"
        ),
        SiteResident.objects.order_by("person__id_number").values_list("site__name", "person__id_number"),
        FairHire.objects.order_by("fair__name", "person__id_number").values_list(
            "fair__name", "employer__name", "person__id_number", "start", "monthly_income"
        ),
        BatchMember.objects.order_by("batch__name", "person__id_number").values_list(
            "batch__name", "batch__destination_id", "batch__departure", "person__id_number", "end"
        ),
        BrandWorker.objects.order_by("brand__name", "person__id_number").values_list(
            "brand__name", "person__id_number", "start"
        ),
        TrainingEnrolment.objects.order_by("training__name", "person__id_number").values_list(
            "training__name", "person__id_number", "completed", "certificate", "certificate_number"
        ),
        Employment.objects.exclude(source__in=(Source.MANUAL, Source.IMPORT))
        .order_by("person__id_number", "start", "employer")
        .values_list("person__id_number", "start", "end", "employer", "work_area", "monthly_income", "notes"),
    ]
    text = "\n".join(repr(list(rows)) for rows in parts)
    return hashlib.sha256(text.encode()).hexdigest()


class Rollback(Exception):
    pass


def generate_and_digest(seed: int, prefix: str = COUNTY) -> str:
    """Generate inside a transaction that is then undone, so the next run starts from the same ledger."""
    found = ""
    try:
        with transaction.atomic():
            instruments.generate(prefix, seed)
            found = digest()
            raise Rollback
    except Rollback:
        pass
    return found


def test_every_instrument_kind_is_written_with_an_audit_event_per_kind(county):
    lines: list[str] = []

    counts = instruments.generate(COUNTY, 2023, say=lines.append)

    for kind in (
        "workshops",
        "workshop_workers",
        "workshop_wages",
        "relief_projects",
        "relief_hires",
        "relief_payments",
        "posts",
        "post_appointments",
        "post_payments",
        "cooperatives",
        "brokers",
        "brands",
        "batches",
        "batch_members",
        "brand_workers",
        "relocation_sites",
        "site_residents",
        "job_fairs",
        "fair_hires",
        "trainings",
        "training_enrolments",
    ):
        assert counts[kind] > 0, kind
    assert counts["workshops"] == Workshop.objects.in_region(county).count()
    assert counts["post_appointments"] == PostAppointment.objects.in_region(county).count()
    jobs = (
        WorkshopWorker.objects.count()
        + ReliefHire.objects.filter(worker__person__isnull=False).count()
        + PostAppointment.objects.count()
        + FairHire.objects.count()
        + BatchMember.objects.count()
    )
    assert (
        counts["spells"]
        == jobs
        == Employment.objects.exclude(source__in=(Source.MANUAL, Source.IMPORT)).count()
    )
    actions = set(AuditEvent.objects.filter(region_id=county.code).values_list("action", flat=True))
    assert {"workshops.seed_demo", "relief.seed_demo", "posts.seed_demo", "relocation.seed_demo"} <= actions
    assert {"training.seed_demo", "cooperation.seed_demo"} <= actions
    assert any("就业帮扶车间" in line for line in lines)


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(county):
    first = generate_and_digest(2023)
    again = generate_and_digest(2023)
    other = generate_and_digest(2024)

    assert first == again
    assert first != other


def test_a_province_is_generated_city_by_city_as_each_city_would_be(county):
    by_city = generate_and_digest(2023, COUNTY[:4])
    by_province = generate_and_digest(2023, COUNTY[:2])

    assert by_province == by_city
    instruments.generate(COUNTY[:2], 2023)
    assert AuditEvent.objects.filter(action="posts.seed_demo", region_id="370000000000").count() == 1
    assert (
        PublicPost.objects.filter(village__code__startswith=COUNTY).count() == PublicPost.objects.count() > 0
    )


def test_a_region_with_instrument_data_is_left_alone(county):
    instruments.generate(COUNTY, 2023)
    before = digest()
    lines: list[str] = []

    counts = instruments.generate(COUNTY, 2023, say=lines.append)

    assert counts == {}
    assert digest() == before
    assert lines == ["山亭区已有帮扶措施数据，跳过生成。"]


def test_jobs_go_only_to_eligible_labourers_of_the_region_one_job_each(county):
    instruments.generate(COUNTY, 2023)
    today = ledger.current_month()
    people = {
        *WorkshopWorker.objects.values_list("person_id", flat=True),
        *ReliefHire.objects.exclude(worker__person=None).values_list("worker__person_id", flat=True),
        *PostAppointment.objects.values_list("person_id", flat=True),
        *FairHire.objects.values_list("person_id", flat=True),
        *BatchMember.objects.values_list("person_id", flat=True),
    }
    jobs = (
        WorkshopWorker.objects.count()
        + ReliefHire.objects.exclude(worker__person=None).count()
        + PostAppointment.objects.count()
        + FairHire.objects.count()
        + BatchMember.objects.count()
    )

    assert len(people) == jobs
    for person in Person.objects.filter(pk__in=people):
        age = (today - person.birth_date).days // 365
        assert person.is_labourer and person.left_on is None, person
        assert 16 <= age <= 70, person
        assert person.village_id.startswith(COUNTY) and not person.is_inflow
    for item in ReliefHire.objects.select_related("project", "worker"):
        rule = ReliefRule.objects.for_region(item.project.village)
        assert relief_rules.local_check(item.worker.village_id, item.project, rule).ok
    for hire in FairHire.objects.select_related("fair", "employer"):
        assert hire.start >= hire.fair.held_on
        assert hire.employer.hires.count() <= hire.employer.posts_offered
        assert SiteResident.objects.filter(person=hire.person, site=hire.fair.site).exists()
    households = PostAppointment.objects.values_list("person__household_id", flat=True)
    assert len(households) == len(set(households))


def test_post_holders_avoid_the_households_of_village_cadres(county):
    households = Household.objects.filter(village__code__startswith=COUNTY).order_by("id")[:40]
    for household in households:
        VillageCadre.objects.create(
            name="干部",
            id_number=f"cadre{household.pk}",
            village_id=household.village_id,
            position="村委委员",
            household=household,
            term_start=dt.date(2020, 1, 1),
        )

    instruments.generate(COUNTY, 2023)

    assert PublicPost.objects.exists()
    assert not PostAppointment.objects.filter(person__household__in=households).exists()


def test_the_apps_checks_find_nothing_wrong(county):
    instruments.generate(COUNTY, 2023)

    report = checks.run(county)
    found = {kind: check(county, dt.date.today()) for kind, check in integrity.CHECKS.items()}

    assert report.clean, report.samples
    assert found == {key: [] for key in integrity.CHECKS}
    first, last = dt.date(2000, 1, 1), dt.date.today()
    assert figures.get("relief.wage_arrears").value(county, first, last) == 0
    for key in (
        "workshops.workshops",
        "workshops.poverty_workers",
        "relief.local_workers",
        "relief.poverty_workers",
        "posts.posts",
        "posts.poverty_holders",
        "training.poverty_trainees",
        "cooperation.batches",
        "cooperation.organised_people",
        "cooperation.brands",
        "cooperation.cooperatives",
        "relocation.sites",
        "relocation.job_fairs",
        "relocation.employed_residents",
    ):
        assert figures.get(key).value(county, first, last) > 0, key


def test_the_services_would_have_written_the_same_spells(county):
    instruments.generate(COUNTY, 2023)
    spells = list(Employment.objects.order_by("id").values_list())
    events = AuditEvent.objects.count()

    for worker in WorkshopWorker.objects.select_related("workshop", "person"):
        workshop_services._sync(None, worker)
    for hire in ReliefHire.objects.exclude(worker__person=None).select_related("project", "worker__person"):
        relief_services._sync(None, hire)
    for appointment in PostAppointment.objects.select_related("post", "person"):
        post_services._sync(None, appointment)
    for hire in FairHire.objects.select_related("fair", "employer", "person", "workplace"):
        relocation_services._sync_spell(None, hire)
    for member in BatchMember.objects.select_related("batch__destination", "person"):
        cooperation_services._sync_spell(None, member)

    assert list(Employment.objects.order_by("id").values_list()) == spells
    assert AuditEvent.objects.count() == events


def test_instruments_are_placed_in_the_region(county):
    instruments.generate(COUNTY, 2023)

    assert not Workshop.objects.exclude(village__code__startswith=COUNTY).exists()
    assert not WorkReliefProject.objects.exclude(village__code__startswith=COUNTY).exists()
    assert not RelocationSite.objects.exclude(region__code__startswith=COUNTY).exists()
    assert not JobFair.objects.exclude(region__code__startswith=COUNTY).exists()
    assert not Training.objects.exclude(region__code__startswith=COUNTY).exists()
    assert not OutboundBatch.objects.exclude(region__code__startswith=COUNTY).exists()


def test_the_command_reports_in_chinese_and_skips_a_second_time(county):
    out = StringIO()

    call_command("seed_instruments", "--region", COUNTY, "--seed", "2023", stdout=out)
    call_command("seed_instruments", "--region", COUNTY, "--seed", "2023", stdout=out)

    text = out.getvalue()
    assert "山亭区：已生成 就业帮扶车间（基地）" in text
    assert text.count("已有帮扶措施数据，跳过生成") == 1


def test_the_demo_steps_run_a_second_time_change_nothing(county):
    steps = (
        ("seed_demo", "--city", COUNTY, "--persons", "600", "--seed", "7", "--no-users"),
        ("seed_employment", "--region", COUNTY, "--seed", "7"),
        ("seed_instruments", "--region", COUNTY),
    )
    call_command(*steps[2], stdout=StringIO())
    before = (digest(), Employment.objects.count(), MonthlyRecord.objects.count(), Person.objects.count())
    out = StringIO()

    for step in steps:
        call_command(*step, stdout=out)

    assert (
        digest(),
        Employment.objects.count(),
        MonthlyRecord.objects.count(),
        Person.objects.count(),
    ) == before
    assert "山亭区已有演示务工记录，跳过生成。" in out.getvalue()


def test_every_row_passes_the_check_its_service_runs(county):
    instruments.generate(COUNTY, 2023)
    today = dt.date.today()

    for post in PublicPost.objects.select_related("village"):
        rule = PostRule.objects.for_region(post.village)
        assert subsidy_check(post.work_time, post.subsidy, post.hours_per_month, rule).ok, post
    for a in PostAppointment.objects.select_related("post__village"):
        rule = PostRule.objects.for_region(a.post.village)
        assert a.post.created_on <= a.start <= a.contract_end <= agreement_end(a, rule), a
    for wage in WorkshopWage.objects.select_related("worker__person"):
        workshop_services.check_wage(
            wage.worker, {"month": wage.month, "amount": wage.amount, "paid_on": wage.paid_on}, today
        )
    for enrolment in TrainingEnrolment.objects.select_related("training", "person"):
        values = training_services.enrolment_values(enrolment)
        training_services.check_enrolment(enrolment.training, enrolment.person, values, enrolment)
    for resident in SiteResident.objects.select_related("site", "person"):
        values = relocation_services.resident_values(resident)
        relocation_services.check_resident(resident.site, resident.person, values, resident)
    for hire in FairHire.objects.select_related("fair", "employer", "person"):
        relocation_services.check_hire(hire.fair, hire.person, relocation_services.hire_values(hire), hire)
        assert FairAttendee.objects.filter(fair=hire.fair, person=hire.person).exists()
    for model, check, fields in (
        (LabourCooperative, cooperation_services.check_cooperative, cooperation_services.COOPERATIVE_FIELDS),
        (LabourBroker, partial(cooperation_services.check_broker, None), cooperation_services.BROKER_FIELDS),
        (LabourBrand, cooperation_services.check_brand, cooperation_services.BRAND_FIELDS),
    ):
        for row in model.objects.select_related("region"):
            check({f: getattr(row, f) for f in fields})
    for batch in OutboundBatch.objects.select_related("region", "destination", "cooperative", "broker"):
        fields = ("region", "cooperative", "broker", "destination", "departure", "seasonal", "return_on")
        cooperation_services.check_batch(
            None, {f: getattr(batch, f) for f in fields} | {"monthly_wage": batch.monthly_wage}
        )
    for member in BatchMember.objects.select_related("batch", "person"):
        values = cooperation_services.member_values(member)
        cooperation_services.check_member(member.batch, member.person, values, member)


def agreement_end(appointment: PostAppointment, rule) -> dt.date:
    """The end of the agreement in force, renewed ``renewals`` times from the start."""
    end = longest_contract_end(appointment.start, rule)
    for _ in range(appointment.renewals):
        end = longest_contract_end(end + dt.timedelta(days=1), rule)
    return end
