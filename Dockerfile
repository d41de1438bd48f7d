# AnniversaryBot: build with the SDK, run on the ASP.NET runtime as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# For the platform being built (use-current-runtime), which makes it ReadyToRun: precompiled, so the bot starts on
# about half the CPU. The benchmark's start-up figures measure this same command's output.
RUN dotnet publish src/Bot.Host/Bot.Host.csproj -c Release --use-current-runtime -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The store and logs live on the /data volume; config/ (settings, occasions, corpus) can be mounted over /app/config.
ENV ConnectionStrings__Bot="Data Source=/data/bot.db" \
    Serilog__WriteTo__0__Args__path="/data/logs/bot-.log" \
    Urls="http://0.0.0.0:8080"
RUN mkdir -p /data && chown app:app /data
VOLUME /data
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["dotnet", "AnniversaryBot.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "AnniversaryBot.dll"]
