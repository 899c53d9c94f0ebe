using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProvincePortal.Features.Formazione;

/// <summary>Where and as whom the client calls: one Moodle instance with its token (read from configuration, never stored).</summary>
public sealed record MoodleEndpoint(string Key, string Name, string BaseUrl, string Token)
{
    public string ServiceUrl => BaseUrl.TrimEnd('/') + "/webservice/rest/server.php";
    public override string ToString() => $"{Name} ({BaseUrl})"; // never the token
}

/// <summary>A Moodle call that failed, with a message in Italian for the user; <see cref="ErrorCode"/> is Moodle's when it answered.</summary>
public sealed class MoodleException(string message, string? errorCode = null, Exception? inner = null) : Exception(message, inner)
{
    public string? ErrorCode { get; } = errorCode;
    /// <summary>True when Moodle did not answer at all (host down, timeout): nothing it said can be trusted.</summary>
    public bool Unreachable { get; init; }
}

/// <summary>
/// Moodle Web Services over REST with JSON replies. Moodle answers errors with HTTP 200 and a body
/// {exception, errorcode, message}: every call parses the body first and turns such a body into a <see cref="MoodleException"/>.
/// Parameters go as PHP-style form fields in the POST body, the token included: a token in the query string would end up
/// in the HttpClient logs and in the proxies' access logs.
/// </summary>
public sealed class MoodleClient(HttpClient http)
{
    public const int StudentRoleId = 5;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new LenientBoolConverter() },
    };

    public Task<MoodleSiteInfo> GetSiteInfoAsync(MoodleEndpoint endpoint, CancellationToken ct = default) =>
        CallAsync<MoodleSiteInfo>(endpoint, "core_webservice_get_site_info", [], ct);

    /// <summary>core_course_get_courses: every course (id 1 is the site itself) or the given ids.</summary>
    public async Task<IReadOnlyList<MoodleCourse>> GetCoursesAsync(MoodleEndpoint endpoint, IReadOnlyList<long>? ids = null, CancellationToken ct = default) =>
        await CallAsync<List<MoodleCourse>>(endpoint, "core_course_get_courses",
            (ids ?? []).Select((id, i) => Field($"options[ids][{i}]", id)).ToList(), ct) ?? [];

    /// <summary>core_course_get_courses_by_field (Moodle 3.2+): field id, ids, shortname, idnumber or category.</summary>
    public async Task<IReadOnlyList<MoodleCourse>> GetCoursesByFieldAsync(MoodleEndpoint endpoint, string field, string value, CancellationToken ct = default) =>
        (await CallAsync<MoodleCourseList>(endpoint, "core_course_get_courses_by_field", [new("field", field), new("value", value)], ct))?.Courses ?? [];

    public async Task<IReadOnlyList<MoodleEnrolledUser>> GetEnrolledUsersAsync(MoodleEndpoint endpoint, long courseId, CancellationToken ct = default) =>
        await CallAsync<List<MoodleEnrolledUser>>(endpoint, "core_enrol_get_enrolled_users", [Field("courseid", courseId)], ct) ?? [];

    public async Task<IReadOnlyList<MoodleUserCourse>> GetUserCoursesAsync(MoodleEndpoint endpoint, long userId, CancellationToken ct = default) =>
        await CallAsync<List<MoodleUserCourse>>(endpoint, "core_enrol_get_users_courses", [Field("userid", userId)], ct) ?? [];

    public async Task<MoodleCompletionStatus> GetCompletionStatusAsync(MoodleEndpoint endpoint, long courseId, long userId, CancellationToken ct = default) =>
        (await CallAsync<MoodleCompletionReply>(endpoint, "core_completion_get_course_completion_status", [Field("courseid", courseId), Field("userid", userId)], ct))?.CompletionStatus
        ?? throw new MoodleException($"Moodle {endpoint}: risposta senza stato di completamento per il corso {courseId}.");

    /// <summary>gradereport_user_get_grade_items; userId 0 = every user of the course.</summary>
    public async Task<IReadOnlyList<MoodleUserGrades>> GetGradeItemsAsync(MoodleEndpoint endpoint, long courseId, long userId = 0, CancellationToken ct = default) =>
        (await CallAsync<MoodleGradeReply>(endpoint, "gradereport_user_get_grade_items", [Field("courseid", courseId), Field("userid", userId), Field("groupid", 0)], ct))?.UserGrades ?? [];

    /// <summary>enrol_manual_enrol_users with the student role; Moodle answers null when it worked.</summary>
    public async Task EnrolAsync(MoodleEndpoint endpoint, long userId, long courseId, int roleId = StudentRoleId, CancellationToken ct = default) =>
        await CallAsync<JsonElement?>(endpoint, "enrol_manual_enrol_users",
            [Field("enrolments[0][roleid]", roleId), Field("enrolments[0][userid]", userId), Field("enrolments[0][courseid]", courseId)], ct);

    public async Task<MoodleUser?> FindUserByEmailAsync(MoodleEndpoint endpoint, string email, CancellationToken ct = default)
    {
        var reply = await CallAsync<MoodleUserList>(endpoint, "core_user_get_users", [new("criteria[0][key]", "email"), new("criteria[0][value]", email.Trim())], ct);
        return reply?.Users.FirstOrDefault(u => string.Equals(u.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static KeyValuePair<string, string> Field(string name, long value) => new(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>One call: POST the form, read the body, turn Moodle's error object into a <see cref="MoodleException"/>.</summary>
    public async Task<T?> CallAsync<T>(MoodleEndpoint endpoint, string function, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken ct)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("wstoken", endpoint.Token), new("wsfunction", function), new("moodlewsrestformat", "json"),
        };
        form.AddRange(parameters);
        if (!Uri.TryCreate(endpoint.ServiceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new MoodleException($"Istanza Moodle «{endpoint.Name}»: l'indirizzo «{endpoint.BaseUrl}» non è un URL http(s) valido.");

        string body;
        HttpStatusCode status;
        try
        {
            using var response = await http.PostAsync(uri, new FormUrlEncodedContent(form), ct);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new MoodleException($"L'istanza Moodle «{endpoint.Name}» ({endpoint.BaseUrl}) non ha risposto entro {http.Timeout.TotalSeconds:0} secondi ({function}).", inner: ex) { Unreachable = true };
        }
        catch (HttpRequestException ex)
        {
            throw new MoodleException($"L'istanza Moodle «{endpoint.Name}» non è raggiungibile all'indirizzo {endpoint.BaseUrl}: {Reason(ex)}.", inner: ex) { Unreachable = true };
        }

        if ((int)status is < 200 or > 299)
            throw new MoodleException($"L'istanza Moodle «{endpoint.Name}» ({endpoint.BaseUrl}) ha risposto HTTP {(int)status} a {function}: controllare l'indirizzo e che i servizi web REST siano attivi.");

        JsonDocument document;
        try { document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "null" : body); }
        catch (JsonException ex)
        {
            throw new MoodleException($"L'istanza Moodle «{endpoint.Name}» ({endpoint.BaseUrl}) non ha risposto in JSON a {function}: l'indirizzo è quello di un sito Moodle con il protocollo REST attivo?", inner: ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("exception", out _))
                throw Error(endpoint, function, root);
            try { return root.Deserialize<T>(Json); }
            catch (JsonException ex)
            {
                throw new MoodleException($"L'istanza Moodle «{endpoint.Name}»: risposta di {function} in un formato inatteso ({ex.Path}).", inner: ex);
            }
        }
    }

    private static string Reason(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "nome host sconosciuto",
        HttpRequestError.ConnectionError => "connessione rifiutata o interrotta",
        HttpRequestError.SecureConnectionError => "connessione sicura (TLS) non riuscita",
        _ => ex.Message,
    };

    /// <summary>Moodle's error codes in Italian; an unknown code keeps Moodle's own message, quoted.</summary>
    internal static MoodleException Error(MoodleEndpoint endpoint, string function, JsonElement error)
    {
        static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var code = Text(error, "errorcode") ?? "";
        var message = Text(error, "message") ?? Text(error, "exception") ?? "";
        var text = code switch
        {
            "invalidtoken" => $"Token Moodle non valido per l'istanza «{endpoint.Name}»: controllare Formazione:Moodle:{endpoint.Key}:Token.",
            "invalidparameter" => $"Moodle («{endpoint.Name}») ha rifiutato i parametri di {function}: un identificativo di corso o di utente non esiste o non è valido.",
            "invaliduser" => $"Moodle («{endpoint.Name}»): utente inesistente ({function}).",
            "invalidrecord" or "invalidcourseid" => $"Moodle («{endpoint.Name}»): il corso o il dato richiesto non esiste ({function}).",
            "accessdenied" or "nopermissions" or "requireloginerror" => $"Moodle («{endpoint.Name}») nega l'accesso a {function}: il token non ha i permessi necessari.",
            "servicenotavailable" or "webservicefunctionnotavailable" => $"Moodle («{endpoint.Name}»): la funzione {function} non è abilitata nel servizio web del token.",
            "nocriteriaset" => $"Moodle («{endpoint.Name}»): il corso non ha criteri di completamento.",
            "cannotviewreport" => $"Moodle («{endpoint.Name}»): il completamento del corso non è attivo o il token non può leggerlo.",
            "notenroled" or "usernotenroled" => $"Moodle («{endpoint.Name}»): l'utente non è iscritto al corso o non è tracciato dal completamento.",
            "enablewsdescription" or "webservicesdisabled" => $"Moodle («{endpoint.Name}»): i servizi web non sono attivi sul sito.",
            _ => $"Moodle («{endpoint.Name}») ha risposto con un errore a {function}: «{message}»" + (code.Length > 0 ? $" (codice {code})." : "."),
        };
        return new MoodleException(text, code.Length > 0 ? code : null);
    }

    /// <summary>Moodle sends booleans as true/false, 0/1 or "1" depending on the function and version.</summary>
    private sealed class LenientBoolConverter : JsonConverter<bool>
    {
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number => reader.TryGetInt64(out var n) ? n != 0 : reader.GetDouble() != 0,
            JsonTokenType.String => reader.GetString() is "1" or "true" or "Yes",
            JsonTokenType.Null => false,
            _ => throw new JsonException("Valore booleano inatteso."),
        };

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }
}

// Replies: only the fields the portal uses; every other field Moodle sends (and new versions add) is ignored.

public sealed record MoodleSiteInfo(string SiteName, string UserName, string FullName, long UserId, string SiteUrl, string Release, string Version);

public sealed record MoodleCourse(long Id, string ShortName, string FullName, string? DisplayName, long CategoryId, string? CategoryName, string? IdNumber,
    string? Summary, string? Format, int? Visible, long? StartDate, long? EndDate, int? EnableCompletion);

public sealed record MoodleCourseList(List<MoodleCourse> Courses);

public sealed record MoodleRole(long RoleId, string? ShortName);

public sealed record MoodleEnrolledUser(long Id, string? UserName, string FirstName, string LastName, string FullName, string? Email, long FirstAccess, long LastAccess,
    List<MoodleRole>? Roles);

public sealed record MoodleUserCourse(long Id, string ShortName, string FullName, int EnrolledUserCount, string? IdNumber, int Visible, bool? Completed, double? Progress);

public sealed record MoodleCompletionCriterion(int Type, string? Title, string? Status, bool Complete, long? TimeCompleted);

public sealed record MoodleCompletionStatus(bool Completed, int Aggregation, List<MoodleCompletionCriterion> Completions)
{
    /// <summary>When the course was completed: the latest criterion completion (Moodle gives no course-level time here).</summary>
    public DateTime? CompletedAtUtc => Completed && Completions.Where(c => c.TimeCompleted is > 0).Select(c => c.TimeCompleted!.Value).DefaultIfEmpty().Max() is var t and > 0
        ? DateTimeOffset.FromUnixTimeSeconds(t).UtcDateTime : null;
}

public sealed record MoodleCompletionReply(MoodleCompletionStatus? CompletionStatus);

public sealed record MoodleGradeItem(long Id, string? ItemName, string ItemType, string? ItemModule, decimal? GradeRaw, string? GradeFormatted, decimal? GradeMin, decimal? GradeMax,
    string? PercentageFormatted);

public sealed record MoodleUserGrades(long CourseId, long UserId, string? UserFullName, List<MoodleGradeItem> GradeItems)
{
    /// <summary>The course total: the one grade item of type "course".</summary>
    public MoodleGradeItem? CourseTotal => GradeItems.FirstOrDefault(i => i.ItemType == "course");
}

public sealed record MoodleGradeReply(List<MoodleUserGrades> UserGrades);

public sealed record MoodleUser(long Id, string? UserName, string FirstName, string LastName, string FullName, string? Email);

public sealed record MoodleUserList(List<MoodleUser> Users);
