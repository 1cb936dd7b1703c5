from django.urls import path

from . import desk_views, directory_views, hours_views, views

app_name = "outreach"

urlpatterns = [
    path("", views.start, name="start"),
    path("recover/", views.recover, name="recover"),
    path("mine/", views.mine, name="mine"),
    path("goodbye/", views.goodbye, name="goodbye"),
    path("c/<id:consultation_id>/", views.consultation, name="consultation"),
    path("c/<id:consultation_id>/history/", views.history, name="consultation-history"),
    path("c/<id:consultation_id>/close/", views.close, name="consultation-close"),
    path("c/<id:consultation_id>/delete/", views.delete, name="consultation-delete"),
    path("c/<id:consultation_id>/hand-over/", views.handover, name="consultation-handover"),
    path("c/<id:consultation_id>/claim/", desk_views.claim, name="consultation-claim"),
    path("c/<id:consultation_id>/propose/", desk_views.propose, name="referral-propose"),
    path("c/<id:consultation_id>/feedback/", desk_views.give_feedback, name="consultation-feedback"),
    path("referrals/<id:referral_id>/decide/", desk_views.decide, name="referral-decide"),
    path("referrals/<id:referral_id>/withdraw/", desk_views.withdraw, name="referral-withdraw"),
    path("referrals/<id:referral_id>/card/", desk_views.card, name="referral-card"),
    path("desk/", desk_views.desk, name="desk"),
    path("desk/counts/", desk_views.stats, name="stats"),
    path("desk/hours/", hours_views.hours, name="hours"),
    path("desk/hours/add/", hours_views.hours_add, name="hours-add"),
    path("desk/hours/<id:slot_id>/delete/", hours_views.hours_delete, name="hours-delete"),
    path("desk/shifts/add/", hours_views.shift_add, name="shift-add"),
    path("desk/shifts/<id:shift_id>/delete/", hours_views.shift_delete, name="shift-delete"),
    path("services/", directory_views.services, name="services"),
    path("services/<id:service_id>/", directory_views.service, name="service"),
    path("services/manage/", directory_views.manage, name="services-manage"),
    path("services/manage/new/", directory_views.edit, name="service-new"),
    path("services/manage/<id:service_id>/", directory_views.edit, name="service-edit"),
]
