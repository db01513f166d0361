from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "coding"
    verbose_name = "Coding"

    def ready(self) -> None:
        # Interviews may not import coding, so coding asks to be told of new transcript
        # versions, to carry its segments across (interviews.version_hooks).
        from interviews.version_hooks import version_listener_add

        from .services import coding_redact, segments_carry

        version_listener_add(segments_carry)
        version_listener_add(coding_redact)
