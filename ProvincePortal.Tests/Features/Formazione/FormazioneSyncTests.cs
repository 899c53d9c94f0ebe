using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProvincePortal.Data;
using ProvincePortal.Features.Formazione;
using ProvincePortal.Features.Identity;
using ProvincePortal.Tests.Infrastructure;

namespace ProvincePortal.Tests.Features.Formazione;

public sealed class FormazioneSyncFactory : PortalFactory
{
    public const string InstanceKey = "lbtest";
    public const string Token = "fedcba9876543210fedcba9876543210";

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
        // One instance per test (suffix a, b), the same token; "senzatoken" has none on purpose.
        [new(MoodleConnections.TokenKey(InstanceKey + "a"), Token), new(MoodleConnections.TokenKey(InstanceKey + "b"), Token), new("Formazione:SyncEnabled", "false")];
}

/// <summary>
/// The sync end to end: recorded Moodle replies over loopback HTTP → records in the database, matched by e-mail; then a
/// wrong token and an unreachable host, each keeping the last good data and recording the error with its time.
/// </summary>
public class FormazioneSyncTests(FormazioneSyncFactory factory) : IClassFixture<FormazioneSyncFactory>, IAsyncLifetime
{
    private const string EnrolledFile = "core_enrol_get_enrolled_users__ok__MoodleRb_Courses___enrolled_users__when_using_valid_token_1.json";
    private const string GradesFile = "gradereport_user_get_grade_items__ok__MoodleRb_Courses___grade_items__when_using_valid_token.json";
    private MoodleLoopbackServer server = null!;

    public async Task InitializeAsync() => server = await MoodleLoopbackServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(int CourseId, int TvId, int BsId)> ArrangeAsync(string suffix)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var tv = await db.Provinces.SingleAsync(p => p.Sigla == "TV" && p.SuppressedOn == null);
        var bs = await db.Provinces.SingleAsync(p => p.Sigla == "BS" && p.SuppressedOn == null);
        var instance = new MoodleInstance { Key = FormazioneSyncFactory.InstanceKey + suffix, Name = "FAD di prova " + suffix, BaseUrl = server.BaseUrl };
        var course = new CorsoFormazione { MoodleInstance = instance, MoodleCourseId = 8, Servizio = ServizioFormazione.Sua, Title = "Piano operativo " + suffix, Hours = 4 };
        db.AddRange(instance, course);
        await db.SaveChangesAsync();
        return (course.Id, tv.Id, bs.Id);
    }

    private async Task<string> UserAsync(string email, int provinceId, int? comuneId = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByEmailAsync(email) is { } existing) return existing.Id;
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = email, ProvinceId = provinceId, ComuneId = comuneId };
        Assert.True((await users.CreateAsync(user, "Prova-2026!")).Succeeded);
        await users.AddToRoleAsync(user, Roles.SuaOperator);
        return user.Id;
    }

    private void ServeRecordedCourse()
    {
        server.Replay("core_enrol_get_enrolled_users", EnrolledFile);
        // The recording's only graded user is the API user (id 4); renumbered to Moodle user 3, who is enrolled above.
        server.Reply("gradereport_user_get_grade_items", _ =>
        {
            var reply = MoodleLoopbackServer.Recorded(GradesFile)!;
            reply["usergrades"]![0]!["userid"] = 3;
            return reply.ToJsonString();
        });
        // Completion by user: 3 completed, 14 the schema example (not yet), 15 a course without criteria.
        server.Reply("core_completion_get_course_completion_status", f => f["userid"] switch
        {
            "3" => """{"completionstatus":{"completed":true,"aggregation":1,"completions":[{"type":4,"title":"Attività","status":"Sì","complete":true,"timecompleted":1767225600,"details":{}}]},"warnings":[],"nuovocampo":1}""",
            "14" => MoodleLoopbackServer.Recorded("core_completion_get_course_completion_status.example.json")!.ToJsonString(),
            _ => """{"exception":"moodle_exception","errorcode":"nocriteriaset","message":"No criteria set"}""",
        });
    }

    [Fact]
    public async Task Sync_RecordedCourse_StoresRecords_ThenFailuresKeepTheLastGoodData()
    {
        var (courseId, tv, bs) = await ArrangeAsync("a");
        int conegliano;
        await using (var db = await factory.CreateSystemDbAsync()) conegliano = await db.Comuni.Where(c => c.CadastralCode == "C957").Select(c => c.Id).SingleAsync();
        var staff = await UserAsync("test@localhost", tv);
        var comuneUser = await UserAsync("SAMG17@jobready.com.au", tv, conegliano);
        var brescia = await UserAsync("samg18@jobready.com.au", bs);
        ServeRecordedCourse();
        var sync = factory.Services.CreateScope().ServiceProvider.GetRequiredService<FormazioneSync>();
        var firstAt = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);

        var ok = await sync.SyncCourseAsync(courseId, firstAt);

        Assert.True(ok.Ok, ok.Error);
        Assert.Equal((4, 3, 1), (ok.Enrolled, ok.Matched, ok.Completed));
        Assert.Equal("8", server.LastRequest("core_enrol_get_enrolled_users")["courseid"]);
        Assert.Equal(FormazioneSyncFactory.Token, server.LastRequest("core_enrol_get_enrolled_users")["wstoken"]);
        Dictionary<string, EsitoFormazione> records;
        await using (var db = await factory.CreateSystemDbAsync())
        {
            records = await db.Set<EsitoFormazione>().Where(e => e.CorsoFormazioneId == courseId).ToDictionaryAsync(e => e.UserId);
            var course = await db.Set<CorsoFormazione>().SingleAsync(c => c.Id == courseId);
            Assert.Equal(firstAt, course.LastSyncOkUtc);
            Assert.Null(course.LastSyncError);
        }
        Assert.Equal(3, records.Count);
        Assert.Equal((EsitoCompletamento.Completato, 60m, 100m, tv, 3L), (records[staff].Esito, records[staff].Grade, records[staff].GradeMax, records[staff].ProvinceId, records[staff].MoodleUserId));
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), records[staff].CompletedAtUtc);
        Assert.Equal((EsitoCompletamento.InCorso, (decimal?)null), (records[comuneUser].Esito, records[comuneUser].Grade));
        Assert.Equal((EsitoCompletamento.NonTracciato, bs), (records[brescia].Esito, records[brescia].ProvinceId));

        // A wrong token: Moodle's invalidtoken reply (HTTP 200). The records stay, the error is recorded with its time.
        server.Replay("core_enrol_get_enrolled_users", "core_enrol_get_enrolled_users__error__MoodleRb_Courses___enrolled_users__when_using_invalid_token.json");
        var badTokenAt = firstAt.AddHours(6);
        var failed = await sync.SyncCourseAsync(courseId, badTokenAt);
        Assert.False(failed.Ok);
        Assert.StartsWith("Token Moodle non valido per l'istanza «FAD di prova a»", failed.Error);
        await AssertKeptAsync(courseId, records, firstAt, badTokenAt, "Token Moodle non valido");

        // The host is gone: the same, with the URL in the message.
        var url = server.BaseUrl;
        await server.DisposeAsync();
        var downAt = badTokenAt.AddHours(6);
        var down = await sync.SyncAsync(FormazioneSyncFactory.InstanceKey + "a", null, downAt);
        Assert.Equal((0, 1), (down.Succeeded, down.Failed));
        Assert.Contains($"non è raggiungibile all'indirizzo {url}", down.Courses[0].Error);
        await AssertKeptAsync(courseId, records, firstAt, downAt, url);
        server = await MoodleLoopbackServer.StartAsync();
    }

    private async Task AssertKeptAsync(int courseId, Dictionary<string, EsitoFormazione> before, DateTime lastOk, DateTime errorAt, string errorText)
    {
        await using var db = await factory.CreateSystemDbAsync();
        var after = await db.Set<EsitoFormazione>().AsNoTracking().Where(e => e.CorsoFormazioneId == courseId).ToListAsync();
        Assert.Equal(before.Values.Select(e => (e.UserId, e.Esito, e.Grade)).OrderBy(x => x.UserId), after.Select(e => (e.UserId, e.Esito, e.Grade)).OrderBy(x => x.UserId));
        var course = await db.Set<CorsoFormazione>().AsNoTracking().SingleAsync(c => c.Id == courseId);
        Assert.Equal(lastOk, course.LastSyncOkUtc);
        Assert.Equal(errorAt, course.LastSyncErrorUtc);
        Assert.Contains(errorText, course.LastSyncError);
    }

    [Fact]
    public async Task Enrol_Colleague_FindsTheMoodleAccountByEmail_EnrolsAsStudent_AndRecordsIt()
    {
        var (courseId, tv, bs) = await ArrangeAsync("b");
        var colleague = await UserAsync("austinp1@jobready.com.au", tv);
        var stranger = await UserAsync("estraneo.bs@esempio.it", bs);
        server.Replay("core_user_get_users", "core_user_get_users__ok__MoodleRb_Users___show.json");
        server.Replay("enrol_manual_enrol_users", "enrol_manual_enrol_users__ok__MoodleRb_Enrolments___create.json");

        var message = await factory.AsUserAsync("sua@demo.it", sp => sp.GetRequiredService<FormazioneService>().EnrolAsync(courseId, colleague));

        Assert.Equal("austinp1@jobready.com.au è iscritto/a a «Piano operativo b».", message);
        var sent = server.LastRequest("enrol_manual_enrol_users");
        Assert.Equal(("5", "8", "5"), (sent["enrolments[0][userid]"], sent["enrolments[0][courseid]"], sent["enrolments[0][roleid]"]));
        Assert.Equal("austinp1@jobready.com.au", server.LastRequest("core_user_get_users")["criteria[0][value]"]);
        await using (var db = await factory.CreateSystemDbAsync())
        {
            var record = await db.Set<EsitoFormazione>().SingleAsync(e => e.CorsoFormazioneId == courseId && e.UserId == colleague);
            Assert.Equal((EsitoCompletamento.InCorso, 5L, tv), (record.Esito, record.MoodleUserId, record.ProvinceId));
        }

        // A user of Brescia is not a colleague of Treviso's operator: "not found", and nothing is sent to Moodle.
        var before = server.Requests.Count;
        await Assert.ThrowsAsync<FormazioneNotFoundException>(() =>
            factory.AsUserAsync("sua@demo.it", sp => sp.GetRequiredService<FormazioneService>().EnrolAsync(courseId, stranger)));
        Assert.Equal(before, server.Requests.Count);
        // The Dirigente watches, does not enrol others.
        await Assert.ThrowsAsync<FormazioneForbiddenException>(() =>
            factory.AsUserAsync("dirigente@demo.it", sp => sp.GetRequiredService<FormazioneService>().EnrolAsync(courseId, colleague)));
    }

    [Fact]
    public async Task MissingToken_SyncFails_WithTheEnvironmentVariableToSet()
    {
        await using var db = await factory.CreateSystemDbAsync();
        var instance = new MoodleInstance { Key = "senzatoken", Name = "FAD senza token", BaseUrl = server.BaseUrl };
        var course = new CorsoFormazione { MoodleInstance = instance, MoodleCourseId = 9, Servizio = ServizioFormazione.Europa, Title = "Senza token", Hours = 2 };
        db.AddRange(instance, course);
        await db.SaveChangesAsync();
        var sync = factory.Services.CreateScope().ServiceProvider.GetRequiredService<FormazioneSync>();

        var result = await sync.SyncCourseAsync(course.Id, DateTime.UtcNow);

        Assert.False(result.Ok);
        Assert.Contains("Formazione__Moodle__senzatoken__Token", result.Error);
        Assert.DoesNotContain(server.Requests, r => r.GetValueOrDefault("wstoken") is null or "");
    }
}
