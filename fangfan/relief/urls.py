from django.urls import path

from . import views

app_name = "relief"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_form, name="create"),
    path("export/", views.export, name="export"),
    path("workers/", views.worker_list, name="worker_list"),
    path("workers/<int:pk>/", views.worker_detail, name="worker_detail"),
    path("workers/<int:pk>/link/", views.worker_link, name="worker_link"),
    path("workers/<int:pk>/edit/", views.worker_edit, name="worker_edit"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_form, name="edit"),
    path("<int:pk>/export/", views.export, name="project_export"),
    path("<int:pk>/hires/new/", views.hire_form, name="hire_create"),
    path("hires/<int:hire_pk>/edit/", views.hire_form, name="hire_edit"),
    path("hires/<int:hire_pk>/end/", views.hire_end, name="hire_end"),
    path("hires/<int:hire_pk>/remove/", views.hire_remove, name="hire_remove"),
    path("<int:pk>/sheets/", views.open_sheet, name="open_sheet"),
    path("<int:pk>/sheets/<str:month>/", views.sheet, name="sheet"),
    path("<int:pk>/sheets/<str:month>/publicity/", views.publicity, name="publicity"),
]
