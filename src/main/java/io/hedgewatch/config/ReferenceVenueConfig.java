package io.hedgewatch.config;

import java.util.Optional;

/**
 * One entry of the {@code references} section; the venue's own defaults apply where a URL is
 * absent.
 */
public record ReferenceVenueConfig(
    String venue, Optional<String> baseUrl, Optional<String> futuresBaseUrl) {}
