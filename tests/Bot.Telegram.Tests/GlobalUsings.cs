global using Bot.Testing;
global using Bot.Testing.Telegram;
