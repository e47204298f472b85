"""Every proactive message the bot sends: rendered from the locale catalogues and put in the outbox
inside the transaction of the change that causes it.

The room sits below bot/ (handlers) and schedules/ (jobs, the sender) and uses models/ only. Domain
operations emit domain events; `subscriptions.install()` makes each one a function here.
"""
