from django import template

from articles.local_times import machine_time

register = template.Library()

# {{ article.publish_at|machine_time }} in a <time datetime="…"> attribute.
register.filter("machine_time", machine_time)
