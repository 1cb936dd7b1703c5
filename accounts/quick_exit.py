"""Quick exit's sign-out: the button's script posts here (a beacon) as it leaves the site.

Only for members who chose it in their settings (User.quick_exit_sign_out): then
"Back" after a quick exit finds a signed-out browser, not their groups. The
answer is empty; nobody sees it.
"""

from django.contrib.auth import logout
from django.http import HttpResponse
from django.views.decorators.http import require_POST


@require_POST
def quick_exit_sign_out(request):
    user = request.user
    if user.is_authenticated and user.quick_exit_sign_out:
        logout(request)
    return HttpResponse(status=204)
