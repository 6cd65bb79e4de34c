"""The labour-cooperation registers: how each one is listed, shown, edited and exported."""

from __future__ import annotations

from . import forms, services, views
from .kit.registers import Child, Col, Register
from .models import (
    AllianceMember,
    BatchMember,
    BrandWorker,
    LabourAlliance,
    LabourBase,
    LabourBrand,
    LabourBroker,
    LabourCooperative,
    OutboundBatch,
)

NS = "cooperation"
VIEW, EDIT, EXPORT = "cooperation.view", "cooperation.edit", "cooperation.export"


def _yes(value: bool) -> str:
    return "是" if value else "否"


ALLIANCES = Register(
    namespace=NS,
    key="alliance",
    prefix="alliances",
    model=LabourAlliance,
    title="劳务协作联盟",
    unit="个",
    form=forms.AllianceForm,
    create=services.create_alliance,
    update=services.update_alliance,
    view=VIEW,
    edit=EDIT,
    export=EXPORT,
    columns=(
        Col("层级", lambda o: o.get_level_display()),
        Col("牵头单位", lambda o: o.lead_organisation, hide_sm=True),
        Col("成立日期", lambda o: o.formed_on),
        Col("解散日期", lambda o: o.dissolved_on or "", hide_sm=True),
    ),
    fields=("name", "level", "region", "lead_organisation", "formed_on", "dissolved_on", "notes"),
    search=("name__contains", "lead_organisation__contains"),
    detail_extra="cooperation/_alliance_members.html",
    detail_context=views.alliance_context,
)

BRANDS = Register(
    namespace=NS,
    key="brand",
    prefix="brands",
    model=LabourBrand,
    title="特色劳务品牌",
    unit="个",
    form=forms.BrandForm,
    create=services.create_brand,
    update=services.update_brand,
    view=VIEW,
    edit=EDIT,
    export=EXPORT,
    columns=(
        Col("技能（工种）", lambda o: o.skill),
        Col("认定级别", lambda o: o.get_level_display()),
        Col("认定日期", lambda o: o.certified_on or "培育中"),
        Col("运营主体", lambda o: o.operator, hide_sm=True),
    ),
    fields=("name", "region", "skill", "level", "certified_on", "revoked_on", "operator", "description"),
    search=("name__contains", "skill__contains"),
    detail_extra="cooperation/_brand_workers.html",
    detail_context=views.brand_context,
    import_kind="brand_workers",
    import_capability="cooperation.import",
)

BASES = Register(
    namespace=NS,
    key="base",
    prefix="bases",
    model=LabourBase,
    title="乡村振兴劳务基地",
    unit="个",
    form=forms.BaseForm,
    create=services.create_base,
    update=services.update_base,
    view=VIEW,
    edit=EDIT,
    export=EXPORT,
    columns=(
        Col("运营单位", lambda o: o.operator),
        Col("认定级别", lambda o: o.get_level_display()),
        Col("认定日期", lambda o: o.certified_on),
        Col("退出日期", lambda o: o.exited_on or "", hide_sm=True),
    ),
    fields=(
        "name",
        "region",
        "operator",
        "level",
        "certified_on",
        "exited_on",
        "address",
        "contact",
        "phone",
        "description",
    ),
    search=("name__contains", "operator__contains"),
)

COOPERATIVES = Register(
    namespace=NS,
    key="cooperative",
    prefix="cooperatives",
    model=LabourCooperative,
    title="劳务合作社",
    unit="个",
    form=forms.CooperativeForm,
    create=services.create_cooperative,
    update=services.update_cooperative,
    view=VIEW,
    edit=EDIT,
    export=EXPORT,
    columns=(
        Col("负责人", lambda o: o.leader),
        Col("统一社会信用代码", lambda o: o.credit_code, hide_sm=True),
        Col("成立日期", lambda o: o.registered_on),
        Col("注销日期", lambda o: o.dissolved_on or "", hide_sm=True),
    ),
    fields=("name", "region", "credit_code", "leader", "phone", "registered_on", "dissolved_on", "notes"),
    search=("name__contains", "leader__contains", "credit_code"),
    detail_extra="cooperation/_organiser.html",
    detail_context=views.organiser_context,
)

BROKERS = Register(
    namespace=NS,
    key="broker",
    prefix="brokers",
    model=LabourBroker,
    title="劳务经纪人",
    unit="人",
    form=forms.BrokerForm,
    create=services.create_broker,
    update=services.update_broker,
    view=VIEW,
    edit=EDIT,
    export=EXPORT,
    columns=(
        Col("所属合作社", lambda o: o.cooperative or ""),
        Col("登记日期", lambda o: o.registered_on),
        Col("停止日期", lambda o: o.ended_on or "", hide_sm=True),
    ),
    fields=("name", "id_number", "phone", "region", "cooperative", "registered_on", "ended_on", "notes"),
    related=("region", "cooperative"),
    search=("name__contains",),
    detail_extra="cooperation/_organiser.html",
    detail_context=views.organiser_context,
)

BATCHES = Register(
    namespace=NS,
    key="batch",
    prefix="batches",
    model=OutboundBatch,
    title="有组织劳务输出",
    unit="批",
    form=forms.BatchForm,
    create=services.create_batch,
    update=services.update_batch,
    view=VIEW,
    edit="cooperation.dispatch",
    export=EXPORT,
    columns=(
        Col("组织者", lambda o: o.organiser),
        Col("用工单位", lambda o: o.employer),
        Col("目的地", lambda o: o.destination.name),
        Col("出发日期", lambda o: o.departure),
        Col("季节性", lambda o: _yes(o.seasonal), hide_sm=True),
        Col("计划返回", lambda o: o.return_on or "", hide_sm=True),
        Col("月工资（元）", lambda o: o.monthly_wage, hide_sm=True),
    ),
    fields=(
        "name",
        "region",
        "cooperative",
        "broker",
        "employer",
        "job",
        "destination",
        "departure",
        "seasonal",
        "return_on",
        "monthly_wage",
        "notes",
    ),
    related=("region", "destination", "cooperative", "broker"),
    search=("name__contains", "employer__contains"),
    detail_extra="cooperation/_batch_members.html",
    detail_context=views.batch_context,
    import_kind="batch_members",
    import_capability="cooperation.import",
)

REGISTERS = (ALLIANCES, BRANDS, BASES, COOPERATIVES, BROKERS, BATCHES)

ALLIANCE_MEMBERS = Child(
    namespace=NS,
    key="alliancemember",
    prefix="alliance-members",
    model=AllianceMember,
    parent=ALLIANCES,
    parent_attr="alliance",
    title="联盟成员",
    add_form=forms.AllianceMemberForm,
    edit_form=forms.AllianceMemberForm,
    create=services.add_alliance_member,
    update=services.update_alliance_member,
    remove=services.remove_alliance_member,
    capability=EDIT,
)

BRAND_WORKERS = Child(
    namespace=NS,
    key="brandworker",
    prefix="brand-workers",
    model=BrandWorker,
    parent=BRANDS,
    parent_attr="brand",
    title="品牌从业人员",
    add_form=forms.BrandWorkerForm,
    edit_form=forms.BrandWorkerEditForm,
    create=services.add_brand_worker,
    update=services.update_brand_worker,
    remove=services.remove_brand_worker,
    capability=EDIT,
)

BATCH_MEMBERS = Child(
    namespace=NS,
    key="batchmember",
    prefix="batch-members",
    model=BatchMember,
    parent=BATCHES,
    parent_attr="batch",
    title="输出人员",
    add_form=forms.BatchMemberForm,
    edit_form=forms.BatchMemberEditForm,
    create=services.add_member,
    update=services.update_member,
    remove=services.remove_member,
    capability="cooperation.dispatch",
)

CHILDREN = (ALLIANCE_MEMBERS, BRAND_WORKERS, BATCH_MEMBERS)
