using System.Net;
using System.Net.Sockets;
using ProvincePortal.Features.Formazione;

namespace ProvincePortal.Tests.Features.Formazione;

/// <summary>The connector against Moodle's recorded replies, served over real HTTP on loopback.</summary>
public class MoodleClientTests : IAsyncLifetime
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private MoodleLoopbackServer server = null!;
    private readonly MoodleClient client = new(new HttpClient { Timeout = TimeSpan.FromSeconds(10) });

    public async Task InitializeAsync() => server = await MoodleLoopbackServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private MoodleEndpoint Endpoint => new("fadtest", "FAD di prova", server.BaseUrl, Token);

    [Fact]
    public async Task GetSiteInfo_RecordedReply_ParsedAndTokenSentInTheFormNotTheUrl()
    {
        server.Replay("core_webservice_get_site_info", "core_webservice_get_site_info__ok__MoodleRb_Client___site_info__when_valid_token.json");

        var info = await client.GetSiteInfoAsync(Endpoint);

        Assert.Equal("Moodle 2.8", info.SiteName);
        Assert.Equal("apiapi", info.UserName);
        Assert.Equal(4, info.UserId);
        Assert.StartsWith("2.8.5+", info.Release);
        var request = server.LastRequest("core_webservice_get_site_info");
        Assert.Equal(Token, request["wstoken"]);
        Assert.Equal("json", request["moodlewsrestformat"]);
    }

    [Fact]
    public async Task InvalidToken_ErrorWithHttp200_BecomesItalianMessageNamingTheInstance()
    {
        server.Replay("core_webservice_get_site_info", "core_webservice_get_site_info__error__MoodleRb_Client___site_info__when_invalid_token.json");

        var ex = await Assert.ThrowsAsync<MoodleException>(() => client.GetSiteInfoAsync(Endpoint));

        Assert.Equal("invalidtoken", ex.ErrorCode);
        Assert.StartsWith("Token Moodle non valido per l'istanza «FAD di prova»", ex.Message);
        Assert.Contains("Formazione:Moodle:fadtest:Token", ex.Message);
        Assert.DoesNotContain(Token, ex.Message);
        Assert.False(ex.Unreachable);
    }

    [Fact]
    public async Task UnknownErrorCode_QuotesMoodlesMessage()
    {
        server.Replay("core_enrol_get_enrolled_users", "core_user_delete_users__error__MoodleRb_Users___destroy__when_id_does_not_exist.json");
        server.Reply("core_webservice_get_site_info", _ => """{"exception":"coding_exception","errorcode":"codingerror","message":"Coding error detected","debuginfo":"x"}""");

        var invalidUser = await Assert.ThrowsAsync<MoodleException>(() => client.GetEnrolledUsersAsync(Endpoint, 8));
        var unknown = await Assert.ThrowsAsync<MoodleException>(() => client.GetSiteInfoAsync(Endpoint));

        Assert.Equal("Moodle («FAD di prova»): utente inesistente (core_enrol_get_enrolled_users).", invalidUser.Message);
        Assert.Equal("Moodle («FAD di prova») ha risposto con un errore a core_webservice_get_site_info: «Coding error detected» (codice codingerror).", unknown.Message);
    }

    [Fact]
    public async Task GetCourses_RecordedReply_UnknownFieldsTolerated()
    {
        server.Replay("core_course_get_courses", "core_course_get_courses__ok__MoodleRb_Courses___index.json");

        var courses = await client.GetCoursesAsync(Endpoint, [1, 2, 3]);

        Assert.Equal([1L, 2L, 3L], courses.Select(c => c.Id));
        Assert.Equal("site", courses[0].Format);
        Assert.Equal("About Moodle4Mac", courses[1].FullName);
        var request = server.LastRequest("core_course_get_courses");
        Assert.Equal("1", request["options[ids][0]"]);
        Assert.Equal("3", request["options[ids][2]"]);
    }

    [Fact]
    public async Task GetCoursesByField_SchemaExample_Parsed()
    {
        server.Replay("core_course_get_courses_by_field", "core_course_get_courses_by_field.example.json");

        var course = Assert.Single(await client.GetCoursesByFieldAsync(Endpoint, "id", "2"));

        Assert.Equal("Anticorruzione e trasparenza negli enti locali", course.FullName);
        Assert.Equal("Formazione obbligatoria", course.CategoryName);
        Assert.Equal(1, course.EnableCompletion);
        Assert.Equal("id", server.LastRequest("core_course_get_courses_by_field")["field"]);
        Assert.Equal("2", server.LastRequest("core_course_get_courses_by_field")["value"]);
    }

    [Fact]
    public async Task GetEnrolledUsers_RecordedReply_SendsTheRecordedForm()
    {
        const string file = "core_enrol_get_enrolled_users__ok__MoodleRb_Courses___enrolled_users__when_using_valid_token_1.json";
        server.Replay("core_enrol_get_enrolled_users", file);

        var users = await client.GetEnrolledUsersAsync(Endpoint, 8);

        Assert.Equal(["test@localhost", "samg17@jobready.com.au", "samg18@jobready.com.au", "samg19@jobready.com.au"], users.Select(u => u.Email));
        Assert.Equal("student", users[0].Roles![0].ShortName);
        Assert.Equal(MoodleLoopbackServer.RecordedRequest(file)["courseid"], server.LastRequest("core_enrol_get_enrolled_users")["courseid"]);
    }

    [Fact]
    public async Task GetUserCourses_RecordedReply_Parsed()
    {
        server.Replay("core_enrol_get_users_courses", "core_enrol_get_users_courses__ok__MoodleRb_Users___enrolled_courses.json");

        var course = Assert.Single(await client.GetUserCoursesAsync(Endpoint, 3));

        Assert.Equal((8L, "TestC1", 1, "ExtRef"), (course.Id, course.ShortName, course.EnrolledUserCount, course.IdNumber));
        Assert.Equal("3", server.LastRequest("core_enrol_get_users_courses")["userid"]);
    }

    [Fact]
    public async Task GetCompletionStatus_SchemaExample_NotCompleted()
    {
        server.Replay("core_completion_get_course_completion_status", "core_completion_get_course_completion_status.example.json");

        var status = await client.GetCompletionStatusAsync(Endpoint, 2, 3);

        Assert.False(status.Completed);
        Assert.Equal(1, status.Aggregation);
        Assert.Equal([4, 6], status.Completions.Select(c => c.Type));
        Assert.Null(status.CompletedAtUtc);
        var request = server.LastRequest("core_completion_get_course_completion_status");
        Assert.Equal(("2", "3"), (request["courseid"], request["userid"]));
    }

    [Fact]
    public async Task GetGradeItems_RecordedReply_CourseTotalIsTheCourseItem()
    {
        const string file = "gradereport_user_get_grade_items__ok__MoodleRb_Courses___grade_items__when_using_valid_token.json";
        server.Replay("gradereport_user_get_grade_items", file);

        var user = Assert.Single(await client.GetGradeItemsAsync(Endpoint, 5));

        Assert.Equal(4, user.UserId);
        Assert.Equal(60m, user.CourseTotal!.GradeRaw);
        Assert.Equal(100m, user.CourseTotal.GradeMax);
        var recorded = MoodleLoopbackServer.RecordedRequest(file);
        var sent = server.LastRequest("gradereport_user_get_grade_items");
        foreach (var (key, value) in recorded) Assert.Equal(value, sent[key]);
    }

    [Fact]
    public async Task Enrol_NullBodyIsSuccess_FormAsRecorded()
    {
        const string file = "enrol_manual_enrol_users__ok__MoodleRb_Enrolments___create.json";
        server.Replay("enrol_manual_enrol_users", file);

        await client.EnrolAsync(Endpoint, userId: 3, courseId: 8);

        var sent = server.LastRequest("enrol_manual_enrol_users");
        foreach (var (key, value) in MoodleLoopbackServer.RecordedRequest(file)) Assert.Equal(value, sent[key]);
        Assert.Equal("5", sent["enrolments[0][roleid]"]);
    }

    [Fact]
    public async Task Enrol_InvalidIds_ItalianInvalidParameterMessage()
    {
        server.Replay("enrol_manual_enrol_users", "enrol_manual_enrol_users__error__MoodleRb_Enrolments___create__when_user_or_course_id_is_invalid.json");

        var ex = await Assert.ThrowsAsync<MoodleException>(() => client.EnrolAsync(Endpoint, 9999, 9999));

        Assert.Equal("invalidparameter", ex.ErrorCode);
        Assert.Contains("ha rifiutato i parametri di enrol_manual_enrol_users", ex.Message);
    }

    [Fact]
    public async Task FindUserByEmail_RecordedReply_MatchesTheAddress()
    {
        server.Replay("core_user_get_users", "core_user_get_users__ok__MoodleRb_Users___show.json");

        var user = await client.FindUserByEmailAsync(Endpoint, "AustinP1@jobready.com.au");
        var nobody = await client.FindUserByEmailAsync(Endpoint, "altro@esempio.it");

        Assert.Equal(5, user!.Id);
        Assert.Null(nobody);
        var sent = server.LastRequest("core_user_get_users");
        Assert.Equal(("email", "altro@esempio.it"), (sent["criteria[0][key]"], sent["criteria[0][value]"]));
    }

    [Fact]
    public async Task UnreachablePort_ItalianMessageNamingInstanceAndUrl()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var endpoint = new MoodleEndpoint("spenta", "FAD spenta", $"http://127.0.0.1:{port}", Token);

        var ex = await Assert.ThrowsAsync<MoodleException>(() => client.GetSiteInfoAsync(endpoint));

        Assert.True(ex.Unreachable);
        Assert.Equal($"L'istanza Moodle «FAD spenta» non è raggiungibile all'indirizzo http://127.0.0.1:{port}: connessione rifiutata o interrotta.", ex.Message);
    }

    [Fact]
    public async Task NotMoodle_HtmlReply_ClearMessage()
    {
        var endpoint = new MoodleEndpoint("sbagliata", "FAD sbagliata", server.BaseUrl.Replace("/moodle", "/non-moodle/moodle"), Token);

        var ex = await Assert.ThrowsAsync<MoodleException>(() => client.GetSiteInfoAsync(endpoint));

        // The page answers GET only: a POST gets 405 from the server, reported with the status.
        Assert.Contains("«FAD sbagliata»", ex.Message);
        Assert.Contains("HTTP 405", ex.Message);
    }
}
