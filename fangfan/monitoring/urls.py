from django.urls import path

from .views import alerts, bulletins, dashboard, inflow, settings

app_name = "monitoring"
urlpatterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    path("alert-counts/", dashboard.alert_counts, name="alert_counts"),
    path("change/", dashboard.change_view, name="change"),
    path("alerts/", alerts.alert_list, name="alert_list"),
    path("alerts/scan/", alerts.scan_now, name="scan"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/assign/", alerts.alert_assign, name="alert_assign"),
    path("alerts/<int:pk>/intervene/", alerts.alert_intervene, name="alert_intervene"),
    path("alerts/<int:pk>/resolve/", alerts.alert_resolve, name="alert_resolve"),
    path("alerts/<int:pk>/close/", alerts.alert_close, name="alert_close"),
    path("targets/", settings.targets, name="targets"),
    path("targets/<int:pk>/delete/", settings.target_delete, name="target_delete"),
    path("rules/", settings.rules, name="rules"),
    path("bulletin/", bulletins.bulletin, name="bulletin"),
    path("bulletin/<int:pk>/", bulletins.bulletin_detail, name="bulletin_detail"),
    path("inflow/", inflow.inflow_list, name="inflow_list"),
    path("inflow/new/", inflow.inflow_register, name="inflow_register"),
]
