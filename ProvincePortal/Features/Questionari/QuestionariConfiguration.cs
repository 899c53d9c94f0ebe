using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProvincePortal.Features.Territory;

namespace ProvincePortal.Features.Questionari;

public sealed class QuestionnaireConfiguration : IEntityTypeConfiguration<Questionnaire>
{
    public void Configure(EntityTypeBuilder<Questionnaire> b)
    {
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Intro).HasMaxLength(4000);
        b.HasIndex(x => new { x.ProvinceId, x.Purpose });
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Questions).WithOne().HasForeignKey(q => q.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class QuestionConfiguration : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> b)
    {
        b.ToTable("SurveyQuestions");
        b.Property(x => x.Text).HasMaxLength(500);
        b.Property(x => x.Options).HasMaxLength(4000);
        b.Property(x => x.HelpText).HasMaxLength(500);
        b.Property(x => x.ExternalKey).HasMaxLength(100);
        b.Property(x => x.MinNumber).HasPrecision(18, 4);
        b.Property(x => x.MaxNumber).HasPrecision(18, 4);
        b.Ignore(x => x.OptionList);
        b.HasIndex(x => new { x.QuestionnaireId, x.Order }).IsUnique();
        b.HasIndex(x => x.ExternalKey);
    }
}

public sealed class SurveyCampaignConfiguration : IEntityTypeConfiguration<SurveyCampaign>
{
    public void Configure(EntityTypeBuilder<SurveyCampaign> b)
    {
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.CreatedByName).HasMaxLength(200);
        b.HasIndex(x => new { x.ProvinceId, x.OpensAtUtc });
        b.HasOne<Province>().WithMany().HasForeignKey(x => x.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Questionnaire).WithMany().HasForeignKey(x => x.QuestionnaireId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> b)
    {
        b.Property(x => x.Token).HasMaxLength(64);
        b.Property(x => x.RespondentName).HasMaxLength(200);
        b.Property(x => x.ContextModule).HasMaxLength(50);
        b.Property(x => x.ContextTitle).HasMaxLength(300);
        b.Property(x => x.VoidReason).HasMaxLength(500);
        b.HasIndex(x => x.Token).IsUnique();
        b.HasIndex(x => new { x.RespondentUserId, x.AnsweredAtUtc });
        b.HasIndex(x => new { x.RespondentComuneId, x.AnsweredAtUtc });
        b.HasIndex(x => new { x.CampaignId, x.AnsweredAtUtc });
        b.HasIndex(x => new { x.ReminderSentAtUtc, x.ReminderDueAtUtc });
        b.HasIndex(x => x.NotifiedAtUtc);
        // Never two open invitations about the same record (a request solved twice gets its second one only after the
        // first was voided or answered). Quoted identifiers read the same on SQLite and PostgreSQL.
        b.HasIndex(x => new { x.ContextModule, x.ContextRecordId }).IsUnique()
            .HasFilter("\"ContextRecordId\" IS NOT NULL AND \"AnsweredAtUtc\" IS NULL AND \"VoidedAtUtc\" IS NULL")
            .HasDatabaseName("IX_SurveyInvitations_OpenPerRecord");
        b.HasIndex(x => new { x.ContextModule, x.ContextRecordId }).HasDatabaseName("IX_SurveyInvitations_Context");
        b.HasOne(x => x.Campaign).WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Comune>().WithMany().HasForeignKey(x => x.RespondentComuneId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> b)
    {
        b.Property(x => x.SubmittedByName).HasMaxLength(200);
        b.HasIndex(x => x.InvitationId).IsUnique();
        b.HasIndex(x => new { x.CampaignId, x.SubmittedAtUtc });
        b.HasOne<SurveyInvitation>().WithMany().HasForeignKey(x => x.InvitationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> b)
    {
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.Number).HasPrecision(18, 4);
        b.HasIndex(x => new { x.QuestionId, x.Score });
        b.HasOne<Question>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
    }
}
