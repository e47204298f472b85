## Odd input: invisible text, media where text is expected, edited messages, groups

text-no-letters = A name has to be written in letters (Chinese characters or an alphabet); emoji, symbols, digits or invisible characters alone cannot be saved. Please type it again:
text-no-content = Please type words or numbers here; emoji, symbols or invisible characters alone cannot be saved. Please type it again:
form-text-expected = This step needs typed text; photos, stickers, voice messages, locations and files cannot answer it.
form-edit-not-read = Edited messages are not read. To correct an answer, send the right text as a new message.
group-private-only = Please talk to me in a private chat: { $link }
