global using Bot.Testing;
global using Bot.Testing.Discord;
global using Shouldly;
