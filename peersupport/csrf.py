"""CSRF checking that works with `Referrer-Policy: no-referrer`.

Under no-referrer, browsers send `Origin: null` with every form post (Fetch
standard, "serializing a request origin"), which Django's CsrfViewMiddleware
refuses. The browser also says where the request came from in
`Sec-Fetch-Site`, a header page scripts cannot set. This middleware runs just
before Django's CsrfViewMiddleware and, only for `Origin: null` together with
`Sec-Fetch-Site: same-origin`, puts our own origin in its place. A sandboxed
frame or another site sends `cross-site` and is still refused, and Django
checks the CSRF token as always.
"""


class SameSiteNullOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            meta["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)
