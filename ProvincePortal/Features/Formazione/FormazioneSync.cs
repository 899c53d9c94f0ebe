using Microsoft.EntityFrameworkCore;
using ProvincePortal.Data;

namespace ProvincePortal.Features.Formazione;

public sealed record CourseSyncResult(int CourseId, string Title, string Instance, bool Ok, int Enrolled, int Matched, int Completed, string? Error);

public sealed record SyncReport(IReadOnlyList<CourseSyncResult> Courses)
{
    public int Succeeded => Courses.Count(c => c.Ok);
    public int Failed => Courses.Count(c => !c.Ok);
}

/// <summary>
/// Reads from Moodle, for each catalogue course, who is enrolled, who completed it and the course total, and stores it per
/// portal user (matched by e-mail). A course is written only when every call for it worked: a failed sync leaves the records
/// of the last good one untouched and records the error and its time on the course.
/// </summary>
public sealed class FormazioneSync(IDbContextFactory<PortalDbContext> factory, MoodleClient client, MoodleConnections connections, ILogger<FormazioneSync> logger)
{
    /// <summary>Completion errors that mean "not tracked" for one user rather than a broken sync.</summary>
    private static readonly HashSet<string> NotTracked = ["nocriteriaset", "cannotviewreport", "notenroled", "usernotenroled"];

    /// <summary>Every active course of the enabled, non-demo instances; narrowed to one instance key and/or one course.</summary>
    public async Task<SyncReport> SyncAsync(string? instanceKey, int? courseId, DateTime nowUtc, CancellationToken ct = default)
    {
        List<(int Id, string Title)> courses;
        await using (var db = await CreateAsync(ct))
        {
            var query = db.Set<CorsoFormazione>().AsNoTracking().Where(c => c.Active && c.MoodleInstance!.Enabled && !c.MoodleInstance.IsDemo);
            if (instanceKey is not null) query = query.Where(c => c.MoodleInstance!.Key == instanceKey);
            if (courseId is int id) query = query.Where(c => c.Id == id);
            courses = (await query.OrderBy(c => c.Id).Select(c => new { c.Id, c.Title }).ToListAsync(ct)).Select(c => (c.Id, c.Title)).ToList();
        }
        var results = new List<CourseSyncResult>();
        foreach (var (id, _) in courses) results.Add(await SyncCourseAsync(id, nowUtc, ct));
        return new SyncReport(results);
    }

    private async Task<PortalDbContext> CreateAsync(CancellationToken ct)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.Scope = TenantScope.System;
        return db;
    }

    public async Task<CourseSyncResult> SyncCourseAsync(int courseId, DateTime nowUtc, CancellationToken ct = default)
    {
        await using var db = await CreateAsync(ct);
        var course = await db.Set<CorsoFormazione>().Include(c => c.MoodleInstance!).ThenInclude(i => i.Provinces).FirstAsync(c => c.Id == courseId, ct);
        var instance = course.MoodleInstance!;
        try
        {
            var endpoint = connections.EndpointOf(instance);
            var enrolled = await client.GetEnrolledUsersAsync(endpoint, course.MoodleCourseId, ct);

            // Whose staff this course may count: the owner Province of the entry, else the Provinces the instance serves, else all.
            List<int> provinces = course.ProvinceId is int own ? [own] : instance.Provinces.Select(p => p.ProvinceId).ToList();
            var byEmail = enrolled.Where(u => !string.IsNullOrWhiteSpace(u.Email))
                .GroupBy(u => u.Email!.Trim().ToUpperInvariant()).ToDictionary(g => g.Key, g => g.First());
            var emails = byEmail.Keys.ToList();
            var portalUsers = await db.Users.AsNoTracking()
                .Where(u => u.NormalizedEmail != null && emails.Contains(u.NormalizedEmail) && u.ProvinceId != null && (provinces.Count == 0 || provinces.Contains(u.ProvinceId.Value)))
                .Select(u => new { u.Id, u.NormalizedEmail, ProvinceId = u.ProvinceId!.Value }).ToListAsync(ct);

            var grades = new Dictionary<long, MoodleGradeItem?>();
            if (portalUsers.Count > 0)
                foreach (var g in await client.GetGradeItemsAsync(endpoint, course.MoodleCourseId, 0, ct))
                    grades.TryAdd(g.UserId, g.CourseTotal);

            var fresh = new List<EsitoFormazione>();
            foreach (var user in portalUsers)
            {
                var moodleUser = byEmail[user.NormalizedEmail!];
                EsitoCompletamento esito;
                DateTime? completedAt = null;
                try
                {
                    var status = await client.GetCompletionStatusAsync(endpoint, course.MoodleCourseId, moodleUser.Id, ct);
                    esito = status.Completed ? EsitoCompletamento.Completato : EsitoCompletamento.InCorso;
                    completedAt = status.CompletedAtUtc;
                }
                catch (MoodleException ex) when (ex.ErrorCode is { } code && NotTracked.Contains(code))
                {
                    esito = EsitoCompletamento.NonTracciato;
                }
                var total = grades.GetValueOrDefault(moodleUser.Id);
                fresh.Add(new EsitoFormazione
                {
                    ProvinceId = user.ProvinceId, CorsoFormazioneId = course.Id, UserId = user.Id, MoodleUserId = moodleUser.Id,
                    Esito = esito, CompletedAtUtc = completedAt, Grade = total?.GradeRaw, GradeMax = total?.GradeMax, SyncedAtUtc = nowUtc,
                });
            }

            // Everything was read: replace the course's records in one transaction.
            var existing = await db.Set<EsitoFormazione>().Where(e => e.CorsoFormazioneId == course.Id).ToListAsync(ct);
            var byUser = existing.ToDictionary(e => e.UserId);
            foreach (var f in fresh)
            {
                if (byUser.Remove(f.UserId, out var e))
                {
                    e.ProvinceId = f.ProvinceId; e.MoodleUserId = f.MoodleUserId; e.Esito = f.Esito; e.CompletedAtUtc = f.CompletedAtUtc;
                    e.Grade = f.Grade; e.GradeMax = f.GradeMax; e.SyncedAtUtc = nowUtc;
                }
                else db.Add(f);
            }
            db.RemoveRange(byUser.Values); // no longer enrolled on Moodle
            course.LastSyncOkUtc = nowUtc;
            course.LastSyncError = null;
            course.LastSyncErrorUtc = null;
            await db.SaveChangesAsync(ct);
            return new CourseSyncResult(course.Id, course.Title, instance.Name, true, enrolled.Count, fresh.Count, fresh.Count(f => f.Esito == EsitoCompletamento.Completato), null);
        }
        catch (MoodleException ex)
        {
            logger.LogWarning("Formazione: sincronizzazione del corso {CourseId} ({Instance}) non riuscita: {Error}", course.Id, instance.Key, ex.Message);
            db.ChangeTracker.Clear();
            var failed = await db.Set<CorsoFormazione>().FirstAsync(c => c.Id == courseId, ct);
            failed.LastSyncError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            failed.LastSyncErrorUtc = nowUtc;
            await db.SaveChangesAsync(ct);
            return new CourseSyncResult(course.Id, course.Title, instance.Name, false, 0, 0, 0, ex.Message);
        }
    }
}
