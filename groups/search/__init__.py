"""Search what one may read: topics and chat of one's groups; moderators also their queue and log."""
