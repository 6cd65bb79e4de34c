from django.urls import path

from . import views

app_name = "workshops"
urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("new/", views.workshop_form, name="create"),
    path("export/", views.export, name="export"),
    path("evaluate/", views.evaluate, name="evaluate"),
    path("tiers/", views.tiers, name="tiers"),
    path("<int:pk>/", views.workshop_detail, name="detail"),
    path("<int:pk>/edit/", views.workshop_form, name="edit"),
    path("<int:pk>/certify/", views.certify, name="certify"),
    path("<int:pk>/upgrade/", views.upgrade, name="upgrade"),
    path("<int:pk>/exit/", views.exit_workshop, name="exit"),
    path("<int:pk>/awards/", views.compute_award, name="compute_award"),
    path("<int:pk>/awards/<int:award_pk>/review/", views.review_award, name="review_award"),
    path("<int:pk>/workers/new/", views.worker_form, name="worker_create"),
    path("workers/<int:worker_pk>/edit/", views.worker_form, name="worker_edit"),
    path("workers/<int:worker_pk>/end/", views.end_worker, name="worker_end"),
    path("workers/<int:worker_pk>/remove/", views.remove_worker, name="worker_remove"),
    path("workers/<int:worker_pk>/wages/", views.wages, name="wages"),
    path("wages/<int:wage_pk>/remove/", views.remove_wage, name="wage_remove"),
]
