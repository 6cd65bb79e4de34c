from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("export/", views.person_export, name="person_export"),
    path("count/", views.person_count, name="person_count"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/leave/", views.person_leave, name="person_leave"),
    path("people/<int:pk>/history/", views.person_history, name="person_history"),
    path("people/<int:pk>/unmask/", views.person_unmask, name="person_unmask"),
    path("households/new/", views.household_form, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_form, name="household_edit"),
    path("households/<int:pk>/head/", views.household_head, name="household_head"),
    path("households/<int:household_pk>/members/new/", views.person_create, name="member_create"),
]
