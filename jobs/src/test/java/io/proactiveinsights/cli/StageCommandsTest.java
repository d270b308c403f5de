package io.proactiveinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.run.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StageCommandsTest {

  private static final Map<String, CommandLine> COMMANDS =
      ProactiveCli.commandLine(
              new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
          .getSubcommands();

  @Test
  void everyStageHasACommandOfItsNameThatRunsIt() {
    for (Stage stage : Stage.values()) {
      assertThat(COMMANDS).as(stage.cliName()).containsKey(stage.cliName());
      assertThat(COMMANDS.get(stage.cliName()).<Object>getCommand())
          .as(stage.cliName())
          .isInstanceOfSatisfying(StageCommand.class, c -> assertThat(c.stage()).isEqualTo(stage));
    }
  }

  @Test
  void onlyTheCommandsThatReadInputsTakeInputAndSource() {
    for (String command : COMMANDS.keySet()) {
      boolean readsInputs = command.equals("ingest") || command.equals("pipeline");
      assertThat(COMMANDS.get(command).getCommandSpec().findOption("--input") != null)
          .as(command)
          .isEqualTo(readsInputs);
    }
  }
}
