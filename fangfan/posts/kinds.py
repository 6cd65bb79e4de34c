"""The kinds of integrity finding the posts checks report (see :mod:`fangfan.quality.kinds`)."""

KINDS = {
    "posts.favouritism": ("优亲厚友", "岗位人员是在任村干部的家庭成员（同户）。"),
    "posts.rotation": ("轮流坐庄", "核查期内同一岗位在少数几户之间轮换：某户让出岗位后又回到该户。"),
    "posts.two_posts": ("一人多岗", "同一人同一时间在两个及以上乡村公益性岗位在岗。"),
    "posts.household_quota": ("一户多岗", "同一户同一时间在岗的岗位数超过规定（默认每户1个）。"),
    "posts.ghost": ("吃空饷", "全日制岗位人员同期有省内县外或省外务工记录，可能未实际在岗。"),
    "posts.arrears": ("拖欠补贴", "岗位补贴超过发放期限（默认考勤次月月底）未足额发放。"),
    "posts.unappointed_payment": ("向未聘人员发放", "补贴发放给了当月未在该岗位聘任的人员。"),
}
