from django.urls import path

from .views import frozen, progress, projects, summary, timeliness

app_name = "reports"
P = "progress/<str:code>/<int:year>/<int:quarter>/"
urlpatterns = [
    path("", progress.index, name="index"),
    path(P, progress.progress, name="progress"),
    path(P + "start/", progress.progress_start, name="progress_start"),
    path(P + "adjust/", progress.adjust, name="adjust"),
    path(P + "export.<str:fmt>", progress.progress_export, name="progress_export"),
    path(P + "<str:action>/", progress.progress_action, name="progress_action"),
    path(P + "v<int:number>/<str:row>/<str:column>/", frozen.frozen_list, name="frozen_list"),
    path("adjustments/<int:pk>/withdraw/", progress.withdraw, name="withdraw"),
    path("adjustments/<int:pk>/attachment/", progress.attachment, name="attachment"),
    path("timeliness/<str:code>/<int:year>/", timeliness.timeliness, name="timeliness"),
    path("summary/<str:code>/<int:year>/", summary.summary, name="summary"),
    path("summary/<str:code>/<int:year>/start/", summary.summary_start, name="summary_start"),
    path("summary/<str:code>/<int:year>/export.<str:fmt>", summary.summary_export, name="summary_export"),
    path("summary/<str:code>/<int:year>/<str:action>/", summary.summary_action, name="summary_action"),
    path("projects/", projects.projects, name="projects"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("workers/<int:pk>/end/", projects.worker_end, name="worker_end"),
    path(
        "project-lists/<str:code>/<int:year>/<int:quarter>/export.<str:fmt>",
        projects.project_list_export,
        name="project_list_export",
    ),
    path(
        "project-lists/<str:code>/<int:year>/<int:quarter>/<str:action>/",
        projects.project_list_action,
        name="project_list_action",
    ),
    path("library/<str:code>/", projects.library, name="library"),
    path(
        "library/<str:code>/<int:year>/<int:quarter>/export.<str:fmt>",
        projects.library_export,
        name="library_export",
    ),
]
