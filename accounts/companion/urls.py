"""Companion routes (included by accounts/urls.py; names accounts:companion-*)."""

from django.urls import path

from . import views

urlpatterns = [
    path("companion/", views.home, name="companion-home"),
    path("companion/diary/", views.diary, name="companion-diary"),
    path("companion/diary/<id:pk>/", views.diary_entry, name="companion-diary-entry"),
    path("companion/diary/<id:pk>/delete/", views.diary_delete, name="companion-diary-delete"),
    path("companion/diary/<id:pk>/share/", views.share_diary, name="companion-share-diary"),
    path("companion/check-in/", views.checkin, name="companion-checkin"),
    path("companion/sows/", views.sows_checkin, name="companion-sows"),
    path("companion/sows/<id:pk>/", views.sows_result, name="companion-sows-result"),
    path("companion/taper/", views.taper_plan, name="companion-taper"),
    path("companion/taper/<id:pk>/change/", views.taper_change, name="companion-taper-change"),
    path("companion/reminders/", views.reminders, name="companion-reminders"),
    path("companion/appointments/<id:pk>/delete/", views.appointment_delete, name="companion-appointment-delete"),
    path("companion/doses/<id:pk>/delete/", views.dose_delete, name="companion-dose-delete"),
    path("companion/progress/", views.progress_page, name="companion-progress"),
    path("companion/milestones/", views.milestones, name="companion-milestones"),
    path("companion/milestones/<id:pk>/delete/", views.milestone_delete, name="companion-milestone-delete"),
    path("companion/milestones/<id:pk>/share/", views.share_milestone, name="companion-share-milestone"),
    path("companion/info/", views.info_list, name="companion-info"),
    path("companion/info/new/", views.info_edit, name="companion-info-new"),
    path("companion/info/<id:pk>/edit/", views.info_edit, name="companion-info-edit"),
    path("companion/info/<str:language>/<slug:slug>/", views.info_page, name="companion-info-page"),
]
