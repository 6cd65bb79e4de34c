from django.urls import path

from . import cadres, ledger, views

app_name = "posts"
urlpatterns = [
    path("", ledger.ledger, name="ledger"),
    path("export/", ledger.export, name="export"),
    path("checks/", ledger.run_checks, name="checks"),
    path("cadres/", cadres.cadres, name="cadres"),
    path("cadres/export/", cadres.export, name="cadre_export"),
    path("cadres/new/", cadres.cadre_form, name="cadre_create"),
    path("cadres/<int:pk>/", cadres.cadre_detail, name="cadre"),
    path("cadres/<int:pk>/edit/", cadres.cadre_form, name="cadre_edit"),
    path("posts/", views.post_list, name="list"),
    path("posts/new/", views.post_form, name="create"),
    path("posts/<int:pk>/", views.post_detail, name="detail"),
    path("posts/<int:pk>/edit/", views.post_form, name="edit"),
    path("posts/<int:pk>/close/", views.post_close, name="close"),
    path("posts/<int:pk>/appoint/", views.appoint, name="appoint"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment"),
    path("appointments/<int:pk>/renew/", views.renew, name="renew"),
    path("appointments/<int:pk>/remove/", views.remove, name="remove"),
    path("appointments/<int:pk>/bank/", views.bank, name="bank"),
    path("appointments/<int:pk>/exit/", views.exit_post, name="exit"),
    path("appointments/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("appointments/<int:pk>/attendance/<int:record_pk>/pay/", views.pay, name="pay"),
]
