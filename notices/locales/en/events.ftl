## Events: breakfast meetups / chain-of-the-month sessions, sign-ups, reminders, check-in

cmd-events = Matchmaking events
cmd-myevents = My sign-ups
cmd-newevent = New event
cmd-series = Event series
cmd-newseries = New series

series-kind-breakfast = Breakfast meetup
series-kind-chain_month = Chain of the month
event-status-draft = draft
event-status-open = open for sign-up
event-status-closed = sign-up closed
event-status-held = held
event-status-archived = archived
event-status-cancelled = cancelled
registration-registered = signed up
registration-waitlisted = on the waitlist
registration-checked_in = checked in
registration-no_show = did not come
registration-cancelled = cancelled
weekday-1 = Mon
weekday-2 = Tue
weekday-3 = Wed
weekday-4 = Thu
weekday-5 = Fri
weekday-6 = Sat
weekday-7 = Sun

event-when = { $weekday } { $day } { $start }–{ $end }
event-no-chain = Any chain
event-card = <b>{ $title }</b> ({ $kind } · { $status })
    Chain: { $chain }
    When: { $when }
    Where: { $venue }
    Seats: { $seats_enterprise } enterprises, { $seats_institution } institutions
    Sign-up closes: { $deadline }
event-description = About: { $description }
event-target-visits = Target: { $count } enterprise-visits
event-counts = Signed up: { $enterprise } enterprises, { $institution } institutions; waitlist: { $enterprise_wait } enterprises, { $institution_wait } institutions; checked in { $checked_in }

ask-event-kind = New event. Which kind?
ask-event-title = Title (2–100 characters):
event-title-length = The title must be { $minimum }–{ $maximum } characters; yours has { $length }.
ask-event-chain = Industry chain in focus (the announcement goes to that chain's enterprises):
ask-event-start = Start, e.g. next Tue 7:30am, Dec 3 7:30 or 2026-12-03 07:30:
event-when-invalid = I could not read that time. Please write it like tomorrow 7:30am, next Tue 7:30, Dec 3 7:30 or 2026-12-03 07:30.
event-when-past = That time has passed; please give a future time.
ask-event-end = End: a time on the same day such as 9:00, or a full date and time:
event-end-invalid = I could not read the end. Please write 9:00, 9am or 2026-12-03 09:00.
event-end-before-start = The end must be after the start.
ask-event-venue = Venue (2–200 characters):
event-venue-length = The venue must be { $minimum }–{ $maximum } characters; yours has { $length }.
ask-event-location = Map location: share a location with 📎, or type "latitude, longitude" (e.g. 30.5097, 114.4093), or - for none
event-location-invalid = I could not read that location. Share one, or type e.g. 30.5097, 114.4093, or - for none.
ask-event-seats-enterprise = Seats for enterprises:
ask-event-seats-institution = Seats for financial institutions:
event-count-invalid = Please type a whole number from { $minimum } to { $maximum }.
ask-event-deadline = Sign-up deadline (e.g. Dec 2 6pm or 2026-12-02 18:00); - for 24 hours before the start (1 hour if that has passed):
event-deadline-after-start = The sign-up deadline cannot be after the start.
ask-event-description = Description (an agenda, for example), or - for none
event-description-length = The description must be { $minimum }–{ $maximum } characters; yours has { $length }.
ask-event-audience = Announce to: tiers or districts by name, separated by commas (e.g. specialized, hongshan); - for every fitting enterprise.
event-audience-unknown = There is no tier or district "{ $word }". Please check, or send -
ask-event-target = Target of enterprise visits for this event, or - for none
event-summary = Please check the event:

    { $card }
event-created = Event #{ $id } saved as a draft. Press "Open sign-up" to announce it.
ask-event-field = What do you want to change?
event-field-title = Title
event-field-chain_id = Chain
event-field-starts_at = Start
event-field-ends_at = End
event-field-venue = Venue
event-field-location = Map location
event-field-seats_enterprise = Enterprise seats
event-field-seats_institution = Institution seats
event-field-deadline = Sign-up deadline
event-field-description = Description
event-field-target_visits = Visit target
event-edited = Changed. { $told ->
    [0] {""}
   *[other] Notices to { $told } people signed up are queued; see the event's card for delivery.
}
event-manage = { $card }

    Sign-up link: { $link }
btn-event-open = 📣 Open sign-up and announce
btn-event-close = ⏸ Close sign-up
btn-event-edit = ✏️ Edit
btn-event-cancel = ✖️ Cancel event
btn-event-cancel-confirm = Cancel it and tell everyone
btn-event-regs = 👥 Sign-ups
btn-event-qr = 🔳 Check-in QR
event-cancel-confirm = Cancel "{ $title }"? Everyone signed up will be told.
event-opened = Sign-up is open; the announcement is queued for { $count } people; the event's card shows its delivery (🔄 to refresh).
event-now-closed = Sign-up closed.
event-now-cancelled = The event is cancelled; notices to { $told } people signed up are queued; see the event's card for delivery.
event-status-not-allowed = Not possible while the event is { $status }.
event-not-found = No such event.
event-regs-none = Nobody has signed up yet.
event-regs-title = <b>Sign-ups of event #{ $id }</b>
event-regs-line = { $number }. { $party } — { $status }
event-qr-caption = Check-in QR code of "{ $title }": print it for the front desk; guests scan it to check in.
    Check-in link: { $link }
events-none-organizer = No upcoming events. Send /newevent for a single event or /newseries for a series.
events-list-organizer = Upcoming events (tap to manage):
events-none-open = No event is open for sign-up right now; you will be told of new ones.
events-list-open = Events open for sign-up (tap to see and sign up):

announce-event = 📣 <b>Sign-up open</b>

    { $card }

    Link to share: { $link }
btn-signup = ✍️ Sign up
btn-will-come = ✅ I will come
btn-cancel-signup = ✖️ Cancel sign-up
btn-record-intent = 📝 Record financing intents
signup-register-first = Register your enterprise (/register) or join as staff of a financial institution to sign up.
signup-seat = ✅ You are signed up for "{ $title }". We will remind you before it starts.
signup-waitlisted = All seats are taken: you are number { $position } on the waitlist of "{ $title }". Freed seats go in order; you will be told.
signup-already = You are already signed up for this event ({ $status ->
        [waitlisted] on the waitlist
        [checked_in] checked in
       *[other] signed up
    }). See /myevents.
signup-not-open = This event does not take sign-ups now.
signup-deadline-passed = Sign-up has closed.
signup-cancelled = Your sign-up is cancelled.
signup-event-started = The event has started; the sign-up can no longer be cancelled.
signup-event-cancelled = This event was cancelled, and the sign-up with it: nothing left to cancel.
signup-not-cancellable = This sign-up cannot be cancelled (now: { $status }).
signup-confirmed = Thank you for confirming!
signup-not-confirmable = Nothing to confirm for this sign-up (now: { $status }).
myevents-none = You have not signed up for any upcoming event. See /events for open ones.
myevents-line = <b>{ $title }</b> — { $status }
    { $when }, { $venue }

checkin-done = ✅ Checked in to "{ $title }". Welcome!
checkin-already = ✅ You are already checked in to "{ $title }" (since { $at }). Welcome!
checkin-unknown-code = This check-in code is not valid; please scan the QR code at the venue.
checkin-not-now = Check-in is open from 3 hours before the start to 1 hour after the end.
checkin-no-seat = No seat found for you (a waitlist place that was not promoted cannot check in). Please ask the staff at the desk.

notice-promoted = 🎉 A seat was freed: you are now signed up for "{ $title }", { $when }.
notice-cancelled = ⚠️ We are sorry: "{ $title }" ({ $when }) is cancelled.
notice-moved = ⚠️ An event you signed up for has changed; please note the new time or place:

    { $card }
notice-reminder = ⏰ Reminder: "{ $title }"
    When: { $when }
    Where: { $venue }
    The calendar file (.ics) is attached. Please confirm you will come.
followup-staff = "{ $title }" is over. Enterprises that checked in:
    { $enterprises }

    Please record financing intents for the enterprises you talked to.
followup-nobody = (no enterprise checked in)
followup-rate = Thank you for coming to "{ $title }"! Please rate it (1–5 stars):
rating-thanks = Thank you for your rating: { $stars }

recurrence-weekly = { $interval ->
        [1] every week
       *[other] every { $interval } weeks
    } on { $weekday } at { $at }
recurrence-monthly = every month on the { $nth ->
        [-1] last
        [1] 1st
        [2] 2nd
        [3] 3rd
       *[other] { $nth }th
    } { $weekday } at { $at }
recurrence-invalid-time = Please include a time, e.g. weekly wed 7:30, biweekly fri 7:30, monthly 2nd thu 14:00.
recurrence-invalid-weekday = Please name the weekday, e.g. weekly wed 7:30, biweekly fri 7:30, monthly 2nd thu 14:00.
recurrence-invalid-nth = For a monthly series say which weekday of the month, e.g. monthly 2nd thu 14:00 or monthly last thu 14:00.
recurrence-invalid-period = Please say how often: weekly, biweekly or monthly, e.g. weekly wed 7:30.
ask-series-kind = New series. Which kind?
ask-series-recurrence = How often? For example:
    weekly wed 7:30
    biweekly fri 7:30
    monthly 2nd thu 14:00 (or monthly last thu 14:00)
ask-series-plan = Chain rotation: the numbers in order, separated by commas (e.g. 1, 4, 9); each session takes the next. - for none (breakfast meetups open to every chain).
    { $chains }
series-plan-unknown = There is no chain "{ $word }"; please check the numbers.
series-plan-needed = A chain-of-the-month series needs a rotation of at least one chain.
ask-series-days-ahead = How many days ahead is each session created and announced (1–60)?
series-summary = Please check the series:
    <b>{ $title }</b> ({ $kind })
    When: { $recurrence }
    Chain rotation: { $plan }
    Venue: { $venue }
    Seats: { $seats_enterprise } enterprises, { $seats_institution } institutions
    Announced { $days_ahead } days ahead
series-created = Series "{ $title }" created: { $events } sessions created, announcements queued for { $told } people; later ones follow by themselves.
series-line = #{ $id } <b>{ $title }</b> ({ $kind }, { $active })
    When: { $recurrence }
    Chain rotation: { $plan }
series-active = running
series-paused = paused
series-none = No series yet. Send /newseries to create one.
btn-series-pause = ⏸ Pause
btn-series-resume = ▶️ Resume
series-paused-now = "{ $title }" is paused: no new sessions.
series-resumed = "{ $title }" is running again.
checkin-register-first = To check in, register first: enterprises send /register and scan again; institution staff use the invitation link from the organizers. Ask the staff at the venue if in doubt.
series-next-session = Next session (not created yet): { $start }, created and announced on { $publish }.

event-deadline-past = That deadline has passed; please give a future time (before the start).
event-open-deadline-passed = The sign-up deadline ({ $deadline }) has passed: nobody could sign up after the announcement. Set a new deadline first, then open sign-up.
event-open-started = The event has started; sign-up cannot be opened any more.
btn-event-new-deadline = ⏰ New deadline
btn-event-refresh = 🔄 Refresh
btn-event-resend = 📨 Resend the undelivered ({ $count })
event-resent = { $count } undelivered messages are queued again.
event-resend-none = Nothing is left to resend.
delivery-title = <b>Delivery</b>
delivery-line = { $what }: { $total } in all · { $sent } delivered · { $queued } queued · { $waiting } waiting for a retry · { $failed } failed · { $blocked } blocked{ $unsure ->
    [0] {""}
   *[other] {" "}· { $unsure } unconfirmed
}
delivery-unsure-note = "Unconfirmed": the message left but Telegram never answered, so it may have arrived; it is not resent by itself, to avoid duplicates.
delivery-announce = Announcement
delivery-cancel = Cancellation
delivery-move = Change notice
delivery-remind = { $hours } h reminder
delivery-promoted = Waitlist promotion
delivery-followup = Follow-up
delivery-agenda = Meeting agenda
btn-event-unreached = 📋 Not reached
btn-event-resend-unsure = 📨 Resend the unconfirmed ({ $count }, may repeat)
unreached-title = <b>People not certainly reached</b>
unreached-line = • { $name } · { $status }
unreached-more = … and { $count } more
unreached-none = Every message was delivered.
unreached-failed = failed
unreached-dropped = expired before it could leave
unreached-unsure = unconfirmed (may have arrived)
unreached-blocked = blocked the bot
