"""English keeps Django's dates ("Dec. 15, 2026, 8:37 a.m."), with the 24-hour clock of the duty rota,
opening hours and reminders ("22:00–02:00"), as the product has always shown them there."""

TIME_FORMAT = "H:i"
