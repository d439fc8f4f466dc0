"""pactctl: migrations, outbox, dead letters, replay, development tokens and the register, for operators."""
