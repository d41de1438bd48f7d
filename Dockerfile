# AnniversaryBot: build with the SDK, run on the ASP.NET runtime as a non-root user.
#   docker build -t anniversarybot .                                            lexical answering (no embedding model)
#   docker build --build-arg SEMANTIC_MODEL=true -t anniversarybot:semantic .   with the model, for Answering__Semantic=true
# Both base images are pinned to the SDK and runtime the tests ran on (dotnet --info), so a rebuild gets the same ones.
FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
WORKDIR /src
# Restore first, from the project files alone: an edit to the sources reuses this layer instead of downloading every
# package again. Keep the list in step with the projects Bot.Host references.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Bot.Core/Bot.Core.csproj src/Bot.Core/
COPY src/Bot.Answering/Bot.Answering.csproj src/Bot.Answering/
COPY src/Bot.Storage/Bot.Storage.csproj src/Bot.Storage/
COPY src/Bot.Scheduling/Bot.Scheduling.csproj src/Bot.Scheduling/
COPY src/Bot.Telegram/Bot.Telegram.csproj src/Bot.Telegram/
COPY src/Bot.Discord/Bot.Discord.csproj src/Bot.Discord/
COPY src/Bot.Semantic/Bot.Semantic.csproj src/Bot.Semantic/
COPY src/Bot.Host/Bot.Host.csproj src/Bot.Host/
RUN dotnet restore src/Bot.Host/Bot.Host.csproj -r linux-x64
# .editorconfig belongs to the build: the analyzers read their severities from it.
COPY .editorconfig ./
COPY config/ config/
COPY src/ src/
# Declared here, after the restore, so that the two images share every layer above.
ARG SEMANTIC_MODEL=false
# For linux-x64 only (no other platform's native files) and ReadyToRun: precompiled, so the bot starts on about half
# the CPU. CI's smoke check and the start-up benchmark publish with the same options.
RUN dotnet publish src/Bot.Host/Bot.Host.csproj -c Release -r linux-x64 --no-restore -p:SemanticModel=${SEMANTIC_MODEL} -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12 AS runtime
WORKDIR /app
COPY --from=build /app .
# Everything the bot writes is under the /data volume: the store (SQLite mode), the local fact index (PostgreSQL
# mode), the logs. /app belongs to root and stays read-only for the app user; config/ (settings, occasions, corpus)
# can be mounted over /app/config.
ENV ConnectionStrings__Bot="Data Source=/data/bot.db" \
    Storage__LocalCache="Data Source=/data/facts.db" \
    Serilog__WriteTo__0__Args__path="/data/logs/bot-.log" \
    Urls="http://0.0.0.0:8080"
RUN mkdir -p /data && chown app:app /data
VOLUME /data
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["dotnet", "AnniversaryBot.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "AnniversaryBot.dll"]
