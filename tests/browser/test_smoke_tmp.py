import pytest
from .helpers import check_page, sign_in_by_keyboard

pytestmark = pytest.mark.browser

def test_smoke(browse, member, password, chat):
    page = browse()
    sign_in_by_keyboard(page, member.email, password)
    page.goto(f"/groups/{chat.group.slug}/chat/")
    page.wait_for_selector("#chat-status:text('Live')")
    check_page(page, "chat-member")
