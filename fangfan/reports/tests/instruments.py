"""Hand-built records of every instrument, made through the instruments' own services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fangfan.cooperation import services as cooperation
from fangfan.cooperation.models import AllianceLevel, CertLevel
from fangfan.employment import services as employment
from fangfan.posts import services as posts
from fangfan.relief import services as relief
from fangfan.relocation import services as relocation
from fangfan.training import services as training
from fangfan.training.models import TrainingType
from fangfan.workshops import services as workshops

D = dt.date
FORMED = D(2025, 5, 1)
CERTIFIED = D(2025, 3, 1)
REGISTERED = D(2024, 3, 1)
BUILT = D(2020, 1, 1)
MOVED_IN = D(2021, 1, 1)
RELIEF_START = D(2026, 3, 1)
POST_CREATED = D(2020, 1, 1)


def alliance(region, formed=FORMED, dissolved=None, members=(), level=AllianceLevel.INTER_COUNTY):
    found = cooperation.create_alliance(
        None,
        name=f"{region.name}劳务协作联盟{formed:%Y%m%d}",
        level=level,
        region=region,
        lead_organisation=f"{region.name}人社局",
        formed_on=formed,
        dissolved_on=dissolved,
        notes="",
    )
    for member, joined in members:
        cooperation.add_alliance_member(
            None, found, region=member, organisation=f"{member.name}人社局", joined_on=joined
        )
    return found


def brand(region, certified=CERTIFIED, revoked=None):
    return cooperation.create_brand(
        None,
        name=f"{region.name}家政{certified}",
        region=region,
        skill="家政服务",
        level=CertLevel.MUNICIPAL,
        certified_on=certified,
        revoked_on=revoked,
        operator="",
        description="",
    )


def base(region, certified=CERTIFIED, exited=None):
    return cooperation.create_base(
        None,
        name=f"{region.name}劳务基地{certified}",
        region=region,
        operator="某公司",
        level=CertLevel.MUNICIPAL,
        certified_on=certified,
        exited_on=exited,
        address="",
        contact="",
        phone="",
        description="",
    )


def cooperative(region, registered=REGISTERED, dissolved=None):
    return cooperation.create_cooperative(
        None,
        name=f"{region.name}劳务合作社{registered}",
        region=region,
        credit_code="",
        leader="李明",
        phone="",
        registered_on=registered,
        dissolved_on=dissolved,
        notes="",
    )


def course(region, start, end, people=(), enrolled=None, withdrawn=None):
    found = training.create_training(
        None,
        name=f"{region.name}电工培训{start}",
        region=region,
        kind=TrainingType.GENERAL,
        provider="技工学校",
        occupation="电工",
        employer="",
        start=start,
        end=end,
        hours=None,
        subsidy_standard=None,
        notes="",
    )
    for person in people:
        training.enrol(None, found, person=person, enrolled_on=enrolled or start, withdrawn_on=withdrawn)
    return found


def site(region, built=BUILT):
    return relocation.create_site(
        None,
        name=f"{region.name}安置社区",
        region=region,
        households_planned=100,
        people_planned=300,
        built_on=built,
        address="",
        notes="",
    )


def resident(found_site, person, moved_in=MOVED_IN, moved_out=None):
    return relocation.add_resident(
        None, found_site, person=person, moved_in_on=moved_in, moved_out_on=moved_out
    )


def fair(region, held):
    return relocation.create_fair(
        None,
        name=f"乐业搬迁专场{held}",
        region=region,
        site=None,
        held_on=held,
        organiser="人社局",
        venue="",
        notes="",
    )


def spell(person, start, end=None):
    return employment.create_spell(
        None,
        person,
        start=start,
        end=end,
        employer="本地企业",
        kind="enterprise",
        work_area="in_county",
        monthly_income=Decimal("3000"),
    )


def workshop(village, certified=CERTIFIED, staff=(), exited=None):
    """A workshop certified on ``certified`` (the standard asks for five insured 脱贫 workers)."""
    found = workshops.create_workshop(
        None, name=f"{village.name}帮扶车间", category="factory", operator="某某服饰有限公司", village=village
    )
    for person, start, end in staff:
        work(found, person, start, end)
    if certified is not None:
        workshops.certify(None, found, certified)
    if exited is not None:
        workshops.exit_workshop(None, found, exited, "经营不善")
    return found


def work(found_workshop, person, start, end=None):
    return workshops.add_worker(
        None,
        found_workshop,
        person,
        start=start,
        end=end,
        monthly_wage=Decimal(2000),
        insured=True,
        insurance_premium=Decimal(20),
    )


def relief_project(village, start=RELIEF_START):
    return relief.create_project(
        None,
        name=f"{village.name}道路硬化以工代赈项目{start}",
        owner="交通运输局",
        contractor="某某建设有限公司",
        village=village,
        start=start,
        central_funds=Decimal(1_000_000),
        planned_wages=Decimal(300_000),
        attendance_mode="daily",
    )


def relief_hire(project, village, name, id_number, start, end=None):
    worker = relief.register_worker(None, name=name, id_number=id_number, village=village)
    return relief.hire(None, project, worker, start=start, end=end, daily_wage=Decimal(150), job="普工")


def post(village, created=POST_CREATED):
    return posts.create_post(
        None,
        name=f"{village.name}保洁员{created}",
        post_type="general",
        work_time="part",
        village=village,
        employer="村民委员会",
        duties="负责村内保洁",
        subsidy=Decimal(800),
        hours_per_month=40,
        required_days=20,
        created_on=created,
    )


def hold(found_post, person, start, exited=None):
    appointment = posts.appoint(None, found_post, person, start=start)
    if exited is not None:
        posts.exit_post(None, appointment, exited, "resigned")
    return appointment
