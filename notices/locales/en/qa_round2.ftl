## QA round 2: forms started over one another, typed yes

form-resumed-or-cancel = Let's continue where you left off (to start over, send /cancel first):
form-replaced = The form you had not finished was dropped; here is the new one.
# Typed at a summary, these words mean "✅ Submit" (comma separated, compared without spaces and case).
form-yes-words = confirm,confirmed,yes,y,ok,okay,sure,submit,save,确认,是
form-synonyms = credit=Unsecured (credit);unsecured=Unsecured (credit);borrow=Loan;breakfast=Breakfast meetup;yes=➕ Add another;more=➕ Add another;no=No, review;none=No, review
# Typed where an answer is expected and not readable as one: the person wants to stop.
form-cancel-words = cancel,quit,stop,exit,abort,取消,退出
form-cancel-hint = To drop this form, send /cancel (nothing you typed will be saved); to go on, answer the question above.
