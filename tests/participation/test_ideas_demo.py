"""The ideas demo loads through the services on top of the other demo parts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from omrade.participation.ideas.models import Idea, IdeaComment, KeyPersonInterview

User = get_user_model()


def test_the_demo_has_the_seed_cases(demo_data, client):
    bergen = Idea.objects.filter(municipality__code="4601")
    assert bergen.filter(source="staff", on_behalf=True, event__kind="workshop").count() == 3
    declined = bergen.get(status="not_taken")
    assert declined.not_taken_reason.startswith("Tomten er satt av til utvidelse av skolen.")
    taken = Idea.objects.get(municipality__code="3107", status="taken")
    assert taken.measure.title == "Fysiske og sosiale nærmiljøkvaliteter"
    hidden = IdeaComment.objects.get(moderation="hidden")
    assert hidden.hidden_reason == "Nedsettende om andre beboere"
    interview = KeyPersonInterview.objects.get()
    assert (interview.consent, interview.synthetic) == (True, True)
    assert all(idea.synthetic for idea in Idea.objects.all())
    shelter = bergen.get(title="Gapahuk og grillplass ved sjøen")
    page = client.get(reverse("participation:idea_public_detail", args=["4601", shelter.pk]))
    text = page.content.decode()
    assert "Skjult av moderator: Nedsettende om andre beboere" in text
    assert "Nedsettende kommentar om naboene" not in text
    assert "Svar fra kommunen" in text
    fredrikstad = client.get(reverse("participation:idea_public_detail", args=["3107", taken.pk]))
    assert "Fysiske og sosiale nærmiljøkvaliteter" in fredrikstad.content.decode()
    assert client.get(reverse("participation:public_home", args=["4601"])).status_code == 200
    client.force_login(User.objects.get(username="bergen-coordinator"))
    for name in ("moderation_queue", "input_register", "input_counts", "interview_list"):
        assert client.get(reverse(f"participation:{name}", args=["4601"])).status_code == 200
    register = client.get(reverse("participation:input_register", args=["4601"])).content.decode()
    assert "Referat fra arrangement" in register
    assert "frivilligsentral i Loddefjord" in register
    detail = client.get(reverse("participation:idea_staff_detail", args=["4601", declined.pk]))
    assert detail.status_code == 200
