package io.hedgewatch.domain;

/**
 * Whether a position's margin is its own ({@code ISOLATED}) or the whole account's ({@code CROSS}):
 * a hedge on cross margin can drag every other position of the account down with it.
 */
public enum MarginMode {
  ISOLATED,
  CROSS
}
