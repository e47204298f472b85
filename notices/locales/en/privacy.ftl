# Deployment hardening: privacy requests (PIPL) and invitation guessing (bot/features/privacy.py)
privacy-usage = Usage: /person &lt;number, Telegram id, @username, phone or name&gt;
    e.g. /person @wangxm or /person 13800138000
    Export everything held about the person, or erase it at their request (PIPL).
privacy-none-found = Nobody matches “{ $reference }”.
privacy-many-found = { $count } people match “{ $reference }”; choose one:
privacy-person-unknown = This person does not exist, or their personal data was erased.
privacy-card-hint = 🔒 Personal data (PIPL): export everything held about this person, or erase it at their request.
btn-privacy-export = 📤 Export
btn-privacy-erase = 🗑 Erase
privacy-export-caption = Personal data of “{ $name }” (JSON: registration, sign-ups, intents, messages and audit)
privacy-erase-confirm = ⚠️ Erase all personal data of “{ $name }”?
    Erased: name, username, Telegram id, role, unfinished form, messages waiting to be sent to them{ $contact }.
    Kept (anonymised): financing intents, sign-ups and figures, the audit trail.
    This cannot be undone; if the person writes to the bot again they start as someone new.
privacy-erase-contact = , the enterprise's contact name and phone
btn-privacy-erase-confirm = 🗑 Erase now
btn-privacy-erase-cancel = Cancel
privacy-erased = ✅ Personal data of person { $id } erased. Intents and figures are kept, anonymised; the erasure is in the audit trail (without the erased data).
privacy-erase-cancelled = Cancelled: nothing was erased.
privacy-erase-organizer = An organizer cannot be erased directly: remove their organizer role in /organizers first.
invite-too-many = Too many wrong invitation links. To stop guessing, please try again after { $until }, or ask an organizer for a new link.
cmd-person = Personal data: export or erase (PIPL)
