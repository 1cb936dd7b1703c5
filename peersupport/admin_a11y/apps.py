from django.apps import AppConfig


class AdminA11yConfig(AppConfig):
    name = "peersupport.admin_a11y"
    label = "admin_a11y"
