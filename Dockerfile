# syntax=docker/dockerfile:1
# One file for both images; the target picks which (docker-compose.yml names it per service):
#   docker build --target silo -t courseportal-silo .
#   docker build --target web  -t courseportal-web  .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS restore
WORKDIR /src

# Restore first with only the project and MSBuild files, so the package layer stays cached
# until a csproj or a central package version changes. NuGet.confi[g] copies NuGet.config
# when it exists and is skipped silently when it does not.
COPY global.json Directory.Build.props Directory.Packages.props NuGet.confi[g] ./
COPY src/Grains.Abstractions/Grains.Abstractions.csproj src/Grains.Abstractions/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/Hosting/Hosting.csproj src/Hosting/
COPY src/Silo/Silo.csproj src/Silo/
COPY src/Web/Web.csproj src/Web/
RUN dotnet restore src/Silo/Silo.csproj && dotnet restore src/Web/Web.csproj

# Then the sources. .editorconfig takes part in the build (EnforceCodeStyleInBuild) and
# db/*.sql are embedded into the grains assembly (silo and web), so both are needed here (not at run time).
COPY .editorconfig ./
COPY db/ db/
COPY src/ src/

FROM restore AS publish-silo
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /app --no-restore

FROM restore AS publish-web
RUN dotnet publish src/Web/Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# Export ZIPs live here (a volume shared by silos and web). A new named volume takes this folder's
# ownership, so the non-root user can write to it.
RUN mkdir -p /data/exports && chown "$APP_UID" /data/exports

FROM runtime AS silo
COPY --from=publish-silo /app ./
# Orleans silo-to-silo port, client gateway port, and the small health HTTP port (Health__Port).
EXPOSE 11111 30000 8081
# The non-root "app" user that the aspnet image provides.
USER $APP_UID
ENTRYPOINT ["dotnet", "CoursePortal.Silo.dll"]

FROM runtime AS web
COPY --from=publish-web /app ./
# Kestrel's HTTP port (health at /health/live and /health/ready).
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "CoursePortal.Web.dll"]
