"""Django's admin made to pass axe: labelled date and time inputs, breadcrumb links told apart by more than colour.

An app of templates and one stylesheet, listed before django.contrib.admin so that its copy of the split
date-and-time widget wins in the form renderer (which reads app templates, not the project's DIRS).
"""
