"""The overview's counts are the lengths of the lists behind them, whoever looks."""

import pytest
from django.urls import reverse

from conftest import SHANTING, TENGZHOU, ZAOZHUANG, first_village
from fangfan.training import services

pytestmark = pytest.mark.django_db


def test_a_course_counts_its_trainees_from_anywhere_and_lists_the_same_people(
    make_user, shanting_operator, make_course, make_person, overview_agrees
):
    # Given a city user who enrols a 山亭 and a 滕州 person in a 山亭 course
    city = make_user("city", ZAOZHUANG)
    course = make_course(actor=city)
    services.enrol(city, course, person=make_person(first_village(SHANTING[:6])), completed=True)
    services.enrol(city, course, person=make_person(first_village(TENGZHOU[:6])), completed=True)

    # When 山亭's overview is opened by the city and by 山亭's operator
    url = reverse("training:home") + f"?region={SHANTING}&year=2024"
    by_city = overview_agrees(city, url)
    by_county = overview_agrees(shanting_operator, url)

    # Then both count the course's two trainees, and each drill-down lists exactly them
    assert by_city["training.poverty_trainees"] == by_county["training.poverty_trainees"] == 2
    assert by_county["training.completed"] == 2
