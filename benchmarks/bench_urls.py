"""The product URLconf plus the minimal baseline view (benchmarks only)."""

from django.urls import path

from peersupport.urls import urlpatterns as product_urlpatterns

from .baseline import baseline_view

urlpatterns = [path("bench/baseline/", baseline_view, name="bench-baseline"), *product_urlpatterns]
