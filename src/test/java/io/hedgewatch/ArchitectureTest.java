package io.hedgewatch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.concurrent.TimeUnit;

/**
 * The package tree is the architecture (style.md rule 1): dependencies point inward to {@code risk}
 * and the domain records, which do no I/O. Production classes only; every rule fails if its {@code
 * that()} matches no class, so a renamed package cannot make a rule pass vacuously.
 */
@AnalyzeClasses(packages = "io.hedgewatch", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String ROOT = "io.hedgewatch..";

  /**
   * I/O and transport libraries the pure layers must not touch. {@code java.io} is banned as a
   * whole: risk and domain use none of it today, not even {@code Serializable}; should a record
   * need that, allow that one class here.
   */
  private static final DescribedPredicate<JavaClass> IO_LIBRARIES =
      resideInAnyPackage(
              "java.io..",
              "java.net..",
              "java.nio.file..",
              "java.nio.channels..",
              "java.sql..",
              "okhttp3..",
              "org.web3j..",
              "com.fasterxml..")
          .as(
              "I/O libraries (java.io, java.net, java.nio.file, java.nio.channels, java.sql, okhttp3, web3j, Jackson)");

  @ArchTest
  static final ArchRule domain_depends_on_nothing_of_ours =
      noClasses()
          .that()
          .resideInAPackage("io.hedgewatch.domain..")
          .should()
          .dependOnClassesThat(
              resideInAPackage(ROOT).and(not(resideInAPackage("io.hedgewatch.domain.."))))
          .as("io.hedgewatch.domain depends on no other hedgewatch package");

  @ArchTest
  static final ArchRule risk_depends_only_on_the_domain =
      noClasses()
          .that()
          .resideInAPackage("io.hedgewatch.risk..")
          .should()
          .dependOnClassesThat(
              resideInAPackage(ROOT)
                  .and(not(resideInAnyPackage("io.hedgewatch.risk..", "io.hedgewatch.domain.."))))
          .as("io.hedgewatch.risk depends on no hedgewatch package but domain");

  /**
   * The alert lifecycle is a pure function of the rules' output and settings: the service wires it
   * to the store and the sinks, never the other way round.
   */
  @ArchTest
  static final ArchRule alert_depends_only_on_risk_and_the_domain =
      noClasses()
          .that()
          .resideInAPackage("io.hedgewatch.alert..")
          .should()
          .dependOnClassesThat(
              resideInAPackage(ROOT)
                  .and(
                      not(
                          resideInAnyPackage(
                              "io.hedgewatch.alert..",
                              "io.hedgewatch.risk..",
                              "io.hedgewatch.domain.."))))
          .as("io.hedgewatch.alert depends on no hedgewatch package but risk and domain");

  /** Infrastructure every layer may use (resilient HTTP, throttled logs) knows none of them. */
  @ArchTest
  static final ArchRule support_depends_on_nothing_of_ours =
      noClasses()
          .that()
          .resideInAPackage("io.hedgewatch.support..")
          .should()
          .dependOnClassesThat(
              resideInAPackage(ROOT).and(not(resideInAPackage("io.hedgewatch.support.."))))
          .as("io.hedgewatch.support depends on no other hedgewatch package");

  @ArchTest
  static final ArchRule risk_and_domain_do_no_io =
      noClasses()
          .that()
          .resideInAnyPackage("io.hedgewatch.risk..", "io.hedgewatch.domain..")
          .should()
          .dependOnClassesThat(IO_LIBRARIES)
          .as("io.hedgewatch.risk and io.hedgewatch.domain use no I/O library");

  @ArchTest
  static final ArchRule config_is_read_before_anything_talks_to_a_chain =
      noClasses()
          .that()
          .resideInAPackage("io.hedgewatch.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.hedgewatch.chain..",
              "io.hedgewatch.oracle..",
              "io.hedgewatch.monitor..",
              "io.hedgewatch.cli..",
              "io.hedgewatch.devnet..");

  @ArchTest
  static final ArchRule chain_knows_no_oracle_monitor_cli_or_risk =
      noClasses()
          .that()
          .resideInAPackage("io.hedgewatch.chain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.hedgewatch.oracle..",
              "io.hedgewatch.monitor..",
              "io.hedgewatch.cli..",
              "io.hedgewatch.risk..");

  @ArchTest
  static final ArchRule oracle_knows_no_monitor_or_cli =
      noClasses()
          .that()
          .resideInAPackage("io.hedgewatch.oracle..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.hedgewatch.monitor..", "io.hedgewatch.cli..");

  @ArchTest
  static final ArchRule only_cli_uses_cli =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.hedgewatch.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.hedgewatch.cli..");

  @ArchTest
  static final ArchRule only_cli_and_devnet_use_devnet =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.hedgewatch.cli..", "io.hedgewatch.devnet..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.hedgewatch.devnet..");

  /**
   * Time is injected and moved by tests (style.md rule 3); only the devnet, which drives a real
   * anvil, may wait.
   */
  @ArchTest
  static final ArchRule nothing_but_devnet_sleeps =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.hedgewatch.devnet..")
          .should()
          .callMethod(Thread.class, "sleep", long.class)
          .orShould()
          .callMethod(Thread.class, "sleep", long.class, int.class)
          .orShould()
          .callMethod(TimeUnit.class, "sleep", long.class)
          .as("no class outside io.hedgewatch.devnet calls Thread.sleep (or TimeUnit.sleep)");
}
