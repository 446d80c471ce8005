"""Content pipeline of the guidance site and chatbot.

Stages, one module each, data flowing one way:

    read (IO)  ->  parse  ->  check  ->  generate  ->  write (IO)

``text`` holds the single Vietnamese normalisation used by every stage, the
bot's tokenizer and the site search index. Nothing here imports rasa or mkdocs.
"""
