package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON Merge Patch (RFC 7396, its appendix A cases) and the field diff that apply reports. */
class MergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void merge_patch_follows_rfc_7396() throws Exception {
    String[][] cases = {
      {"{'a':'b'}", "{'a':'c'}", "{'a':'c'}"},
      {"{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"},
      {"{'a':'b'}", "{'a':null}", "{}"},
      {"{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"},
      {"{'a':['b']}", "{'a':'c'}", "{'a':'c'}"},
      {"{'a':'c'}", "{'a':['b']}", "{'a':['b']}"},
      {"{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"},
      {"{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"},
      {"{'e':null}", "{'a':1}", "{'e':null,'a':1}"},
      {"{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"},
    };
    for (String[] c : cases) {
      assertThat(MergePatch.merge(json(c[0]), json(c[1]))).as(c[1]).isEqualTo(json(c[2]));
    }
  }

  @Test
  void the_diff_names_each_changed_field_by_its_path_and_numbers_compare_by_value()
      throws Exception {
    List<MergePatch.FieldDiff> diff =
        MergePatch.diff(
            json(
                "{'schedule':{'cron':'0 0 3 * * ?','timeZone':'UTC'},'retry':{'multiplier':2},"
                    + "'labels':{'team':'ops'},'params':{'command':['a']}}"),
            json(
                "{'schedule':{'cron':'0 0 4 * * ?','timeZone':'UTC'},'retry':{'multiplier':2.0},"
                    + "'labels':{},'params':{'command':['a','b']},'description':'new'}"));

    assertThat(diff)
        .extracting(MergePatch.FieldDiff::field)
        .containsExactly("description", "labels.team", "params.command", "schedule.cron");
    assertThat(diff.get(0).before()).isNull();
    assertThat(diff.get(1).after()).isNull();
  }
}
