from django.urls import path

from . import views

app_name = "employment"
urlpatterns = [
    path("people/<int:person_pk>/spells/new/", views.spell_create, name="spell_create"),
    path("spells/<int:pk>/edit/", views.spell_edit, name="spell_edit"),
    path("spells/<int:pk>/end/", views.spell_end, name="spell_end"),
    path("spells/<int:pk>/delete/", views.spell_delete, name="spell_delete"),
]
