package dev.herald.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a synthesized template where {@link Template}'s matchers are not enough: ids, policies, intrinsics. */
final class TemplateJson {

	private TemplateJson() {
	}

	/** A policy statement and the resource it belongs to. */
	record Statement(String resourceId, String resourceType, Map<String, Object> json) {

		boolean allows() {
			return "Allow".equals(this.json.get("Effect"));
		}

		List<String> actions() {
			return strings(this.json.get("Action"));
		}

		List<String> resources() {
			return strings(this.json.get("Resource"));
		}

		List<String> notResources() {
			return strings(this.json.get("NotResource"));
		}

		/** The principal, rendered: {@code AWS=arn:${AWS::Partition}:iam::1111:root}; empty if none. */
		String principal() {
			Object principal = this.json.get("Principal");
			if (principal instanceof Map<?, ?> map) {
				return map.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + "=" + String.join(",", strings(entry.getValue())))
					.collect(Collectors.joining(";"));
			}
			return render(principal);
		}

		Object sid() {
			return this.json.get("Sid");
		}

	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> resources(Template template) {
		return (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
	}

	/** Output name → its value, rendered. */
	static Map<String, String> outputs(Template template) {
		Map<?, ?> outputs = (Map<?, ?>) template.toJSON().getOrDefault("Outputs", Map.of());
		return outputs.entrySet()
			.stream()
			.collect(Collectors.toMap((entry) -> (String) entry.getKey(),
					(entry) -> render(((Map<?, ?>) entry.getValue()).get("Value"))));
	}

	static Map<String, Map<String, Object>> resources(Template template, String type) {
		return resources(template).entrySet()
			.stream()
			.filter((entry) -> type.equals(entry.getValue().get("Type")))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> properties(Map<String, Object> resource) {
		return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
	}

	/** Every statement of every policy document anywhere in the template, found by shape rather than by type. */
	static List<Statement> statements(Template template) {
		List<Statement> statements = new ArrayList<>();
		resources(template).forEach((id, resource) -> collect(id, (String) resource.get("Type"), resource, statements));
		return statements;
	}

	@SuppressWarnings("unchecked")
	private static void collect(String id, String type, Object node, List<Statement> into) {
		if (node instanceof Map<?, ?> map) {
			Object statement = map.get("Statement");
			if (statement instanceof List<?> list && map.containsKey("Version")) {
				list.forEach((each) -> into.add(new Statement(id, type, (Map<String, Object>) each)));
			}
			else if (statement instanceof Map<?, ?> single && map.containsKey("Version")) {
				into.add(new Statement(id, type, (Map<String, Object>) single));
			}
			map.values().forEach((value) -> collect(id, type, value, into));
		}
		else if (node instanceof List<?> list) {
			list.forEach((value) -> collect(id, type, value, into));
		}
	}

	/** A value with its intrinsics rendered readably: {@code {"Ref": "X"}} is {@code ${X}}, joins are joined. */
	static String render(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof String string) {
			return string;
		}
		if (value instanceof Map<?, ?> map && map.size() == 1) {
			Map.Entry<?, ?> entry = map.entrySet().iterator().next();
			Object argument = entry.getValue();
			switch (String.valueOf(entry.getKey())) {
				case "Ref":
					return "${" + argument + "}";
				case "Fn::GetAtt":
					return "${" + ((List<?>) argument).get(0) + "." + ((List<?>) argument).get(1) + "}";
				case "Fn::Join": {
					List<?> join = (List<?>) argument;
					return ((List<?>) join.get(1)).stream()
						.map(TemplateJson::render)
						.collect(Collectors.joining((String) join.get(0)));
				}
				case "Fn::Sub":
					return render(argument);
				default:
					return String.valueOf(map);
			}
		}
		return String.valueOf(value);
	}

	static List<String> strings(Object value) {
		if (value == null) {
			return List.of();
		}
		if (value instanceof List<?> list) {
			return list.stream().map(TemplateJson::render).toList();
		}
		return List.of(render(value));
	}

	/** The one resource of {@code type} whose properties match, by logical id. */
	static String onlyId(Template template, String type, Map<String, Object> properties) {
		Map<String, Map<String, Object>> found = template.findResources(type,
				Map.of("Properties", Match.objectLike(properties)));
		assertThat(found).as("%s with %s", type, properties).hasSize(1);
		return found.keySet().iterator().next();
	}

	/** The logical id of the function running {@code definition}. */
	static String functionId(Template template, String definition) {
		return onlyId(template, "AWS::Lambda::Function", Map.of("Environment",
				Map.of("Variables", Match.objectLike(Map.of(HeraldFunction.DEFINITION_VARIABLE, definition)))));
	}

	/** The logical id of the alias of the function running {@code definition}. */
	static String aliasId(Template template, String definition) {
		return onlyId(template, "AWS::Lambda::Alias",
				Map.of("FunctionName", Map.of("Ref", functionId(template, definition))));
	}

	/** The logical id of the role the function running {@code definition} assumes. */
	static String roleId(Template template, String definition) {
		Map<String, Object> function = resources(template).get(functionId(template, definition));
		@SuppressWarnings("unchecked")
		List<Object> getAtt = (List<Object>) ((Map<String, Object>) properties(function).get("Role")).get("Fn::GetAtt");
		return (String) getAtt.get(0);
	}

	/** The logical ids of the roles a policy resource is attached to. */
	@SuppressWarnings("unchecked")
	static List<String> attachedRoles(Template template, String policyId) {
		Object roles = properties(resources(template).get(policyId)).get("Roles");
		return strings(roles).stream().map((role) -> role.replaceAll("^\\$\\{|}$", "")).toList();
	}

}
