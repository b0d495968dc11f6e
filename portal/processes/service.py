"""The processes domain's public interface: the only module other domains import."""

from portal.processes.config import citizen_processes, process, processes_of
from portal.processes.definition import ProcessDefinition
from portal.processes.terms import last_day, term_states

__all__ = ["ProcessDefinition", "citizen_processes", "last_day", "process", "processes_of", "term_states"]
